package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.backup.CaptureRequest;
import io.zkdr.backup.FullBackupCapture;
import io.zkdr.backup.IncrementalCapture;
import io.zkdr.store.FileBlobStore;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.server.ZkMember;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline commands on artifacts captured from a real server: verify, restore into a data dir
 * that a stock server then serves, diff, and the errors for damaged input and unreachable targets.
 */
class OfflineRestoreTest {
  private static Path sourceDataDir;
  private static Path store;
  private static long midZxid;
  private static String lastPath;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void captureFromARealServer() throws Exception {
    store = TestDirs.create("cli-offline-store");
    try (ZkTestQuorum q = ZkTestQuorum.start("cli-offline", 1, ZkTestQuorum.TEST_SETTINGS)) {
      ZkMember m = q.members().get(0);
      try (ZooKeeper zk = ZkClients.connect(q.connectString(), Duration.ofSeconds(30));
          ZooKeeper eph = ZkClients.connect(q.connectString(), Duration.ofSeconds(30))) {
        new Workload(zk, eph, 11).run(150);
        midZxid = FourLetterWords.srvr(m.host(), m.clientPort(), Duration.ofSeconds(5)).zxid();
        new Workload(zk, eph, 12).run(150);
        lastPath =
            zk.create(
                "/cli-last", "last".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      }
      q.stop(1);
      sourceDataDir = m.dataDir();
      ZkDataDir dir = new ZkDataDir(m.dataDir(), m.dataLogDir());
      try (FileBlobStore s = new FileBlobStore(store)) {
        FullBackupCapture.capture(
            dir,
            CaptureRequest.full("full-1", "cli-zk", "1@127.0.0.1", midZxid),
            s,
            "full-1",
            ArtifactWriter.Options.defaults());
        IncrementalCapture.capture(
            dir,
            CaptureRequest.incremental("inc-1", "cli-zk", "1@127.0.0.1", midZxid, -1),
            s,
            "inc-1",
            ArtifactWriter.Options.defaults());
      }
      // the source data dir keeps its logs in the log dir; diff reads them from the data dir
      if (!m.dataLogDir().equals(m.dataDir())) {
        sourceDataDir = TestDirs.create("cli-offline-source");
        TestDirs.copyTree(m.dataDir(), sourceDataDir);
        TestDirs.copyTree(m.dataLogDir(), sourceDataDir);
      }
    }
  }

  private int run(String... args) {
    return ZkdrMain.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  private String full() {
    return store.resolve("full-1").toString();
  }

  private String inc() {
    return store.resolve("inc-1").toString();
  }

  @Test
  void verifyPassesEveryCheck() throws Exception {
    assertEquals(0, run("artifact", "verify", "-o", "json", full(), inc()), err.toString());
    JsonNode report = new ObjectMapper().readTree(out.toString());
    int passed = 0;
    for (JsonNode check : report.get("checks")) {
      assertEquals("PASSED", check.get("status").asText(), check.toString());
      passed++;
    }
    assertTrue(passed >= 4, report.toString());
  }

  @Test
  void restoredDataDirIsServedByAStockServerAndEqualsTheSource() throws Exception {
    try (ZkTestQuorum target = ZkTestQuorum.create("cli-restored", 1, ZkTestQuorum.TEST_SETTINGS)) {
      ZkMember m = target.members().get(0);
      assertEquals(
          0,
          run(
              "artifact",
              "restore",
              full(),
              inc(),
              "--latest",
              "--data-dir",
              m.dataDir().toString(),
              "--data-log-dir",
              m.dataLogDir().toString(),
              "--myid",
              "1"),
          err.toString());
      assertTrue(out.toString().startsWith("restored zxid 0x"), out.toString());

      assertEquals(0, run("snapshot", "diff", m.dataDir().toString(), sourceDataDir.toString()));
      assertTrue(out.toString().contains("identical"), out.toString());

      target.startAll();
      try (ZooKeeper zk = ZkClients.connect(target.connectString(), Duration.ofSeconds(30))) {
        Stat stat = new Stat();
        assertEquals("last", new String(zk.getData(lastPath, false, stat)));
      }
    }
  }

  @Test
  void restoreToTheMiddleDiffersFromTheEnd() throws Exception {
    Path dir = TestDirs.create("cli-restore-mid");
    assertEquals(
        0,
        run(
            "artifact",
            "restore",
            full(),
            inc(),
            "--to-zxid",
            Zxid.hex(midZxid),
            "--data-dir",
            dir.toString(),
            "--myid",
            "1"),
        err.toString());
    assertTrue(out.toString().contains("restored zxid " + Zxid.hex(midZxid)), out.toString());
    // the FULL ends at the middle zxid; the source data dir goes on to the end
    assertEquals(0, run("snapshot", "diff", dir.toString(), full()), out.toString());
    assertEquals(
        ExitCode.JOB_FAILED.code(),
        run("snapshot", "diff", dir.toString(), sourceDataDir.toString()));
    assertTrue(out.toString().contains("ONLY_IN_B"), out.toString());
  }

  @Test
  void unreachableTargetNamesTheRange() throws Exception {
    Path dir = TestDirs.create("cli-restore-far");
    int code =
        run(
            "artifact",
            "restore",
            full(),
            "--to-zxid",
            "0x7fffffff00000000",
            "--data-dir",
            dir.toString(),
            "--myid",
            "1");
    assertEquals(ExitCode.NOT_FOUND.code(), code, err.toString());
    assertTrue(err.toString().contains(Zxid.hex(midZxid)), err.toString());
  }

  @Test
  void damagedIncrementFailsVerifyAndRestore() throws Exception {
    Path damaged = TestDirs.create("cli-damaged");
    TestDirs.copyTree(store.resolve("full-1"), damaged.resolve("full-1"));
    TestDirs.copyTree(store.resolve("inc-1"), damaged.resolve("inc-1"));
    Path data = damaged.resolve("inc-1/data.zkdr");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(data, bytes);

    String f = damaged.resolve("full-1").toString();
    String i = damaged.resolve("inc-1").toString();
    assertEquals(ExitCode.JOB_FAILED.code(), run("artifact", "verify", f, i));
    assertTrue(out.toString().contains("integrity inc-1"), out.toString());
    assertTrue(out.toString().contains("FAILED"), out.toString());

    Path dir = TestDirs.create("cli-restore-damaged");
    int code =
        run("artifact", "restore", f, i, "--latest", "--data-dir", dir.toString(), "--myid", "1");
    assertEquals(ExitCode.JOB_FAILED.code(), code, err.toString());
    assertTrue(err.toString().contains("chunk"), err.toString());
    assertTrue(
        !Files.exists(dir.resolve("version-2"))
            || Files.list(dir.resolve("version-2")).count() == 0,
        "nothing restored from a damaged chain");
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertEquals(
        ExitCode.USAGE.code(),
        run("artifact", "restore", full(), "--data-dir", "/tmp/x", "--myid", "1"));
    assertTrue(err.toString().contains("--to-zxid"), err.toString());
    assertEquals(
        ExitCode.USAGE.code(),
        run(
            "artifact",
            "restore",
            full(),
            "--to-time",
            "yesterday",
            "--data-dir",
            "/tmp/x",
            "--myid",
            "1"));
    assertTrue(err.toString().contains("not an ISO-8601 time"), err.toString());
    assertEquals(
        ExitCode.USAGE.code(),
        run("artifact", "restore", inc(), "--latest", "--data-dir", "/tmp/x", "--myid", "1"));
    assertTrue(err.toString().contains("is an INCREMENTAL artifact"), err.toString());
  }
}
