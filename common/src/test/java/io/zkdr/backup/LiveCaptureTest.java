package io.zkdr.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.store.FileBlobStore;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.replay.ReplayResult;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.server.ZkMember;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Captures from a member whose server is busy: logs grow and snapshots are written while the
 * capture reads them. The artifacts must still verify, digest for digest, against the servers.
 */
class LiveCaptureTest {

  @Test
  void captureWhileTheEnsembleTakesWritesVerifiesAgainstTheServers() throws Exception {
    try (ZkTestQuorum quorum =
        ZkTestQuorum.start(
            "live", 3, ZkTestQuorum.TEST_SETTINGS.withSnapCount(200).withLogSizes(128, 0))) {
      int leader = quorum.leader(Duration.ofSeconds(30));
      ZkMember member = quorum.server(leader == 1 ? 2 : 1).member();
      ZkDataDir dir = new ZkDataDir(member.dataDir(), member.dataLogDir());
      FileBlobStore store = new FileBlobStore(TestDirs.create("live-store"));
      ArtifactWriter.Options options = ArtifactWriter.Options.defaults().withThreads(1);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      ArtifactManifest full;
      ArtifactManifest inc;
      try (ZooKeeper zk = ZkClients.connect(quorum.connectString(), Duration.ofSeconds(30));
          ZooKeeper eph = ZkClients.connect(quorum.connectString(), Duration.ofSeconds(30))) {
        Workload workload = new Workload(zk, eph, 5);
        workload.run(300);
        Thread writer =
            new Thread(
                () -> {
                  try {
                    while (!stop.get()) {
                      workload.run(20);
                    }
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                },
                "live-writes");
        writer.start();
        try {
          Thread.sleep(300);
          full =
              FullBackupCapture.capture(
                  dir, CaptureRequest.full("live-full", "live", "m", -1), store, "l/full", options);
          // checking the logs while they grow finds nothing wrong
          io.zkdr.zk.txnlog.LogCheckReport check =
              new io.zkdr.zk.txnlog.TxnLogValidator()
                  .validate(
                      dir.logs(),
                      dir.snapshots().stream()
                          .map(io.zkdr.zk.snapshot.SnapshotFile::startZxid)
                          .toList());
          assertTrue(check.isClean(), check.describe());
          Thread.sleep(300);
          inc =
              IncrementalCapture.capture(
                  dir,
                  CaptureRequest.incremental("live-inc", "live", "m", full.toZxid(), -1),
                  store,
                  "l/inc",
                  options);
        } finally {
          stop.set(true);
          writer.join(30_000);
        }
        assertEquals(null, failure.get());
        assertTrue(workload.applied() > 300, "writes went on: " + workload.applied());
      }
      assertTrue(inc.txnCount() > 0, "the increment caught the writes made meanwhile");
      assertEquals(full.toZxid(), inc.fromZxid());

      NavigableMap<Long, Long> hash =
          FourLetterWords.hash(member.host(), member.clientPort(), Duration.ofSeconds(5));
      BackupChain chain =
          BackupChain.of(ChainLink.read(store, "l/full"), List.of(ChainLink.read(store, "l/inc")));
      VerificationReport report = BackupVerifier.verify(store, chain, hash);
      assertTrue(report.passed(), report.describe());
      assertEquals(
          VerificationReport.Status.PASSED,
          report.check("manifest digest").status(),
          report.describe());

      ReplayResult end = ChainRestorer.restoreTree(store, chain, ReplayTarget.end(), null);
      assertEquals(Zxid.hex(inc.toZxid()), Zxid.hex(end.zxid()));
      assertTrue(end.digestsChecked() >= inc.txnCount());
    }
  }
}
