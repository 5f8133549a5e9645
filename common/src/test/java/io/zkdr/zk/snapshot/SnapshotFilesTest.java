package io.zkdr.zk.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snapshots written by a real server in each compression method. */
class SnapshotFilesTest {

  @ParameterizedTest
  @EnumSource(SnapshotCompression.class)
  void serverSnapshotsLoadAndScanToTheSameFigures(SnapshotCompression compression)
      throws Exception {
    Path snapDir;
    try (ZkTestQuorum q =
        ZkTestQuorum.start(
            "snap-" + compression,
            1,
            ZkTestQuorum.TEST_SETTINGS.withSnapCount(100).withSnapshotCompression(compression))) {
      try (ZooKeeper zk = ZkClients.connect(q.connectString(), Duration.ofSeconds(30));
          ZooKeeper eph = ZkClients.connect(q.connectString(), Duration.ofSeconds(30))) {
        new Workload(zk, eph, 11).run(300);
        Thread.sleep(300); // let a snapshot in progress finish before the server stops
        q.stop(1); // sessions still open: the snapshots hold ephemerals
      }
      snapDir = q.server(1).member().dataDir().resolve("version-2");
    }
    List<SnapshotFile> snaps = SnapshotFile.list(snapDir);
    assertTrue(snaps.size() >= 2, "several snapshots: " + snaps);
    boolean sawEphemerals = false;
    int good = 0;
    for (SnapshotFile snap : snaps) {
      assertEquals(compression, snap.compression(), snap.path().toString());
      SnapshotSummary summary;
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      try (InputStream in = snap.openDecompressed()) {
        summary = SnapshotScanner.scan(in, snap.path().toString(), copy);
      } catch (SnapshotFormatException e) {
        // a snapshot cut short by the stop: the loader must refuse it too
        assertThrows(IOException.class, () -> SnapshotLoader.load(snap), e.getMessage());
        continue;
      }
      good++;
      LoadedSnapshot loaded = SnapshotLoader.load(snap);
      DataTree dt = loaded.tree();
      long[] figures = walk(dt);
      assertEquals(figures[0], summary.nodes(), snap + " nodes");
      assertEquals(figures[1], summary.dataBytes(), snap + " data bytes");
      assertEquals(dt.getEphemeralsCount(), summary.ephemerals(), snap + " ephemerals");
      assertEquals(loaded.sessions().size(), summary.sessions());
      assertEquals(loaded.dbid(), summary.dbid());
      assertEquals(loaded.recordedLastZxid(), summary.lastProcessedZxid());
      assertTrue(summary.lastProcessedZxid() >= snap.startZxid());
      assertEquals(summary.length(), copy.size(), "the tee copies every byte");
      try (InputStream in = snap.openDecompressed()) {
        assertArrayEquals(in.readAllBytes(), copy.toByteArray());
      }
      if (summary.digestZxid() >= snap.startZxid()) {
        assertEquals(summary.digestZxid(), loaded.digestZxid());
        assertEquals(summary.digest(), loaded.digest());
      }
      sawEphemerals |= summary.ephemerals() > 0;
    }
    assertTrue(good >= 2, good + " good snapshots of " + snaps);
    assertTrue(sawEphemerals, "some snapshot holds ephemeral znodes");
  }

  @ParameterizedTest
  @EnumSource(SnapshotCompression.class)
  void writerMatchesFileSnapByteForByteAndRoundTrips(SnapshotCompression compression)
      throws Exception {
    DataTree dt = sampleTree();
    Map<Long, Integer> sessions = new java.util.HashMap<>(Map.of(0x55L, 30000, 0x56L, 4000));
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    SnapshotWriter.write(dt, sessions, -1, ours);

    Path dir = TestDirs.create("writer");
    File theirs = dir.resolve("snapshot.reference").toFile();
    FileSnap fileSnap = new FileSnap(dir.toFile());
    fileSnap.serialize(dt, sessions, theirs, false);
    assertArrayEquals(Files.readAllBytes(theirs.toPath()), ours.toByteArray());

    Path file = SnapshotWriter.writeFile(dir, dt, sessions, -1, compression, false).path();
    SnapshotFile sf = SnapshotFile.of(file);
    assertEquals(compression, sf.compression());
    assertEquals(dt.lastProcessedZxid, sf.startZxid());
    LoadedSnapshot back = SnapshotLoader.load(sf);
    assertEquals(dt.getTreeDigest(), back.tree().getTreeDigest());
    assertEquals(sessions, back.sessions());

    ByteArrayOutputStream restore = new ByteArrayOutputStream();
    SnapshotWriter.Written w = SnapshotWriter.writeWithoutEphemerals(dt, -1, restore);
    assertEquals(1, w.ephemeralsLeftOut());
    LoadedSnapshot r =
        SnapshotLoader.load(new ByteArrayInputStream(restore.toByteArray()), "r", 0x105);
    assertEquals(0, r.sessions().size());
    assertEquals(0, r.tree().getEphemeralsCount());
    assertEquals(null, r.tree().getNode("/a/eph"));
    DataNode parent = r.tree().getNode("/a");
    assertEquals(dt.getNode("/a").stat.getCversion(), parent.stat.getCversion());
    assertEquals(dt.getNode("/a").stat.getPzxid(), parent.stat.getPzxid());
    assertEquals(1, parent.getChildren().size());
  }

  @ParameterizedTest
  @EnumSource(
      value = SnapshotCompression.class,
      names = {"NONE"})
  void corruptSealIsRefusedWithItsOffset(SnapshotCompression compression) throws Exception {
    DataTree dt = sampleTree();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotWriter.write(dt, Map.of(), -1, out);
    byte[] bytes = out.toByteArray();
    bytes[bytes.length / 2] ^= 0x01;
    SnapshotFormatException e =
        assertThrows(
            SnapshotFormatException.class,
            () -> SnapshotScanner.scan(new ByteArrayInputStream(bytes), "flipped"));
    assertTrue(e.getMessage().contains("flipped"), e.getMessage());
    assertThrows(
        IOException.class,
        () -> SnapshotLoader.load(new ByteArrayInputStream(bytes), "flipped", 0x105));
    byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() - 7);
    SnapshotFormatException c =
        assertThrows(
            SnapshotFormatException.class,
            () -> SnapshotScanner.scan(new ByteArrayInputStream(cut), "cut"));
    assertFalse(c.getMessage().isEmpty());
  }

  /** A tree built with ZooKeeper's own operations: /a (with an ephemeral child), /a/b, /c. */
  static DataTree sampleTree() throws Exception {
    DataTree dt = new DataTree();
    List<org.apache.zookeeper.data.ACL> open = org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE;
    dt.createNode("/a", "alpha".getBytes(), open, 0, 0, 0x101, 1000);
    dt.createNode("/a/b", new byte[1000], open, 0, 0, 0x102, 1001);
    dt.createNode(
        "/c", new byte[0], org.apache.zookeeper.ZooDefs.Ids.READ_ACL_UNSAFE, 0, 0, 0x103, 1002);
    dt.createNode("/a/eph", "e".getBytes(), open, 0x55, 1, 0x104, 1003);
    dt.setData("/c", "gamma".getBytes(), 1, 0x105, 1004);
    dt.lastProcessedZxid = 0x105;
    return dt;
  }

  /** Node count and data bytes, walking the tree from the root. */
  static long[] walk(DataTree dt) {
    long nodes = 0;
    long bytes = 0;
    Deque<String> pending = new ArrayDeque<>();
    pending.push("");
    while (!pending.isEmpty()) {
      String p = pending.pop();
      DataNode n = dt.getNode(p);
      nodes++;
      byte[] data = n.getData();
      bytes += data == null ? 0 : data.length;
      for (String c : n.getChildren()) {
        pending.push(p + "/" + c);
      }
    }
    return new long[] {nodes, bytes};
  }
}
