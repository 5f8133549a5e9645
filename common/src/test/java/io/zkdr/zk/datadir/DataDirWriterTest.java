package io.zkdr.zk.datadir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.TestDirs;
import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.snapshot.SnapshotLoader;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.DataTree;
import org.junit.jupiter.api.Test;

class DataDirWriterTest {

  @Test
  void writesOneSnapshotPerMemberWithoutEphemeralsAndRefusesNonEmptyDirs() throws Exception {
    DataTree dt = new DataTree();
    dt.createNode("/p", "v".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, 0, 0x101, 1);
    dt.createNode("/p/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, 0x77, 1, 0x102, 2);
    dt.lastProcessedZxid = 0x102;
    Path base = TestDirs.create("datadir");
    List<MemberDataDir> members =
        List.of(
            new MemberDataDir(1, base.resolve("m1/data"), base.resolve("m1/log")),
            new MemberDataDir(2, base.resolve("m2/data"), base.resolve("m2/data")));

    DataDirWriter.Result r = DataDirWriter.write(dt, members, false);
    assertEquals(0x102, r.zxid());
    assertEquals(1, r.ephemeralsLeftOut());
    for (MemberDataDir m : members) {
      ZkDataDir dir = new ZkDataDir(m.dataDir(), m.dataLogDir());
      List<SnapshotFile> snaps = dir.snapshots();
      assertEquals(1, snaps.size());
      assertEquals(0x102, snaps.get(0).startZxid());
      assertTrue(dir.logs().isEmpty());
      assertEquals(m.myid() + "\n", Files.readString(m.dataDir().resolve("myid")));
      LoadedSnapshot loaded = SnapshotLoader.load(snaps.get(0));
      assertNull(loaded.tree().getNode("/p/e"));
      assertEquals("v", new String(loaded.tree().getNode("/p").getData()));
      assertEquals(0x102, loaded.recordedLastZxid());
    }
    assertTrue(
        Files.readAllBytes(r.snapshots().get(0)).length > 0
            && java.util.Arrays.equals(
                Files.readAllBytes(r.snapshots().get(0)), Files.readAllBytes(r.snapshots().get(1))),
        "written once, copied");

    assertThrows(DirectoryNotEmptyException.class, () -> DataDirWriter.write(dt, members, false));
    Path stray = members.get(0).dataDir().resolve("version-2/log.1");
    Files.writeString(stray, "old");
    DataDirWriter.write(dt, members, true);
    assertFalse(Files.exists(stray), "replace clears the old contents");
  }
}
