package io.zkdr.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.artifact.ArtifactCorruptException;
import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.store.FileBlobStore;
import io.zkdr.testing.RecordedSource;
import io.zkdr.testing.RecordedSource.QuietPoint;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.testing.ZnodeTree;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.replay.ReplayException;
import io.zkdr.zk.replay.ReplayResult;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.txnlog.LogProblem;
import io.zkdr.zk.txnlog.TxnLogFile;
import io.zkdr.zk.txnlog.TxnLogFormatException;
import io.zkdr.zk.txnlog.TxnLogReader;
import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FULL + INCREMENTAL artifacts of a real quorum's history (with a failover) in a file store:
 * captured from a live member's data dir, chained, verified against the servers' own digests, and
 * restored at the recorded quiet points; then damaged inputs, each refused with a clear error.
 */
class BackupChainRoundTripTest {

  private static final String ENSEMBLE = "payments-zk";
  private static final ArtifactWriter.Options OPTIONS =
      ArtifactWriter.Options.defaults().withChunkSize(64 * 1024).withThreads(2);

  private static RecordedSource source;
  private static FileBlobStore store;
  private static ChainLink full;
  private static ChainLink inc1;
  private static ChainLink inc2;

  @BeforeAll
  static void captureAChain() throws Exception {
    source =
        RecordedSource.record(
            "backup-source",
            ZkTestQuorum.TEST_SETTINGS.withSnapCount(300).withLogSizes(256, 0),
            77,
            400);
    store = new FileBlobStore(TestDirs.create("store"));
    ZkDataDir dir = source.memberDataDir();
    String member = source.member().myid() + "@" + source.member().host();
    long q1 = source.beforeFailover().zxid();
    long q2 = source.afterFailover().zxid();
    // captured from the running member, after the fact: the data dir still holds the history
    FullBackupCapture.capture(
        dir, CaptureRequest.full("full-1", ENSEMBLE, member, q1), store, "a/full-1", OPTIONS);
    IncrementalCapture.capture(
        dir,
        CaptureRequest.incremental("inc-1", ENSEMBLE, member, q1, q2),
        store,
        "a/inc-1",
        OPTIONS);
    IncrementalCapture.capture(
        dir,
        CaptureRequest.incremental("inc-2", ENSEMBLE, member, q2, -1),
        store,
        "a/inc-2",
        OPTIONS);
    full = ChainLink.read(store, "a/full-1");
    inc1 = ChainLink.read(store, "a/inc-1");
    inc2 = ChainLink.read(store, "a/inc-2");
  }

  @AfterAll
  static void stopSource() {
    if (source != null) {
      source.close();
    }
  }

  @Test
  void manifestsDescribeWhatWasCaptured() throws Exception {
    ArtifactManifest f = full.manifest();
    QuietPoint q1 = source.beforeFailover();
    assertEquals(ArtifactKind.FULL, f.kind());
    assertEquals(q1.zxid(), f.toZxid());
    assertTrue(f.restorableFromZxid() <= f.toZxid());
    assertTrue(f.restorableFromZxid() >= f.fromZxid());
    assertTrue(f.znodeCount() > 10 && f.dataSize() > 0, f.toString());
    assertNotNull(f.digest());
    assertEquals(q1.zxid(), f.digest().zxid());
    assertEquals(q1.restoreWithZooKeeper().getTreeDigest(), f.digest().value());
    assertEquals(2, f.sections().size());

    ArtifactManifest i1 = inc1.manifest();
    assertEquals(ArtifactKind.INCREMENTAL, i1.kind());
    assertEquals(q1.zxid(), i1.fromZxid());
    assertEquals(source.afterFailover().zxid(), i1.toZxid());
    assertTrue(Zxid.epoch(i1.toZxid()) > Zxid.epoch(i1.fromZxid()), "crosses the failover");
    assertTrue(i1.txnCount() >= 1);
    assertTrue(inc2.manifest().toZxid() >= source.end().zxid());
    assertTrue(inc2.manifest().txnCount() > 100);
  }

  @Test
  void chainRestoresEveryQuietPointAndAFreshQuorumServesIt() throws Exception {
    BackupChain chain = BackupChain.of(full, List.of(inc2, inc1));
    assertTrue(chain.contiguous(), chain.describe());
    assertEquals(3, chain.links().size());
    assertEquals(inc2.toZxid(), chain.endZxid());
    for (QuietPoint qp : source.quietPoints()) {
      ReplayResult r = ChainRestorer.restoreTree(store, chain, ReplayTarget.zxid(qp.zxid()), null);
      assertEquals(qp.zxid(), r.zxid(), qp.name());
      assertEquals(qp.restoreWithZooKeeper().getTreeDigest(), r.treeDigest(), qp.name());
    }

    // by time: the increment ends with the first txn of the new epoch, the next came later
    ReplayResult byTime =
        ChainRestorer.restoreTree(
            store, chain, ReplayTarget.time(inc1.manifest().lastTxnTime()), null);
    assertEquals(Zxid.hex(source.afterFailover().zxid()), Zxid.hex(byTime.zxid()));

    QuietPoint target = source.afterFailover();
    try (ZkTestQuorum restored = ZkTestQuorum.create("from-chain", 3, ZkTestQuorum.TEST_SETTINGS)) {
      List<MemberDataDir> members =
          restored.members().stream()
              .map(m -> new MemberDataDir(m.myid(), m.dataDir(), m.dataLogDir()))
              .toList();
      ChainRestorer.Restored done =
          ChainRestorer.restore(store, chain, ReplayTarget.zxid(target.zxid()), members, false);
      assertEquals(target.zxid(), done.written().zxid());
      assertThrows(
          java.nio.file.DirectoryNotEmptyException.class,
          () ->
              ChainRestorer.restore(
                  store, chain, ReplayTarget.zxid(target.zxid()), members, false));
      restored.startAll();
      try (ZooKeeper zk = ZkClients.connect(restored.connectString(), Duration.ofSeconds(30))) {
        zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
        ZnodeTree expected = ZnodeTree.of(target.restoreWithZooKeeper());
        ZnodeTree actual = ZnodeTree.read(zk);
        assertEquals(List.of(), expected.differences(actual, 10));
        assertEquals(0, actual.ephemeralsSkipped());
        assertTrue(expected.ephemeralsSkipped() > 0);
        // the restored ensemble takes writes in a new epoch
        zk.create(
            "/after-restore",
            new byte[0],
            org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
            org.apache.zookeeper.CreateMode.PERSISTENT);
        long now = restored.server(1).status().zxid();
        assertTrue(Zxid.epoch(now) > Zxid.epoch(target.zxid()), Zxid.hex(now));
      }
    }
  }

  @Test
  void verifierPassesEveryCheckAndAgreesWithTheLiveServers() {
    BackupChain chain = BackupChain.of(full, List.of(inc1, inc2));
    VerificationReport report = BackupVerifier.verify(store, chain, source.liveDigests());
    assertTrue(report.passed(), report.describe());
    assertEquals(VerificationReport.Status.PASSED, report.check("live digests").status());
    assertEquals(VerificationReport.Status.PASSED, report.check("manifest digest").status());
    assertEquals(VerificationReport.Status.PASSED, report.check("integrity inc-1").status());
  }

  @Test
  void encryptedChainVerifiesWithItsKeyAndIsRefusedWithout() throws Exception {
    byte[] raw = new byte[32];
    new java.util.Random(3).nextBytes(raw);
    io.zkdr.artifact.ArtifactEncryption key = io.zkdr.artifact.ArtifactEncryption.of("k1", raw);
    ArtifactWriter.Options encrypted = OPTIONS.withEncryption(key);
    ZkDataDir dir = source.memberDataDir();
    long q1 = source.beforeFailover().zxid();
    FullBackupCapture.capture(
        dir, CaptureRequest.full("enc-full", ENSEMBLE, "m", q1), store, "enc/full", encrypted);
    IncrementalCapture.capture(
        dir,
        CaptureRequest.incremental("enc-inc", ENSEMBLE, "m", q1, -1),
        store,
        "enc/inc",
        encrypted);
    BackupChain chain =
        BackupChain.of(
            ChainLink.read(store, "enc/full"), List.of(ChainLink.read(store, "enc/inc")));
    io.zkdr.artifact.EncryptionKeyResolver keys = io.zkdr.artifact.EncryptionKeyResolver.of(key);
    VerificationReport report = BackupVerifier.verify(store, keys, chain, source.liveDigests());
    assertTrue(report.passed(), report.describe());
    QuietPoint end = source.end();
    assertEquals(
        end.restoreWithZooKeeper().getTreeDigest(),
        ChainRestorer.restoreTree(store, keys, chain, ReplayTarget.zxid(end.zxid()), null)
            .treeDigest());
    IOException noKey =
        assertThrows(
            IOException.class,
            () -> ChainRestorer.restoreTree(store, chain, ReplayTarget.end(), null));
    assertTrue(noKey.getMessage().contains("encrypted"), noKey.getMessage());
  }

  @Test
  void missingIncrementLeavesANamedGap() throws Exception {
    BackupChain chain = BackupChain.of(full, List.of(inc2));
    assertFalse(chain.contiguous());
    assertEquals(full.toZxid() + 1, chain.gaps().get(0).from());
    assertEquals(inc2.fromZxid(), chain.gaps().get(0).to());
    assertEquals(List.of(inc2), chain.unreachable());
    ReplayException e =
        assertThrows(
            ReplayException.class,
            () ->
                ChainRestorer.restoreTree(
                    store, chain, ReplayTarget.zxid(source.end().zxid()), null));
    assertEquals(ReplayException.Reason.GAP, e.reason());
    assertTrue(e.getMessage().contains(Zxid.hex(full.toZxid())), e.getMessage());
    // what lies before the gap still restores
    assertEquals(
        full.toZxid(),
        ChainRestorer.restoreTree(store, chain, ReplayTarget.zxid(full.toZxid()), null).zxid());
    VerificationReport report = BackupVerifier.verify(store, chain, null);
    assertFalse(report.passed());
    assertEquals(VerificationReport.Status.FAILED, report.check("chain").status());
  }

  @Test
  void damagedArtifactIsRefusedNamingTheChunk() throws Exception {
    Path root = store.root();
    for (String key : List.of(ArtifactKeys.data("a/inc-1"), ArtifactKeys.manifest("a/inc-1"))) {
      Path to = root.resolve(key.replace("a/inc-1", "damaged/inc-1"));
      Files.createDirectories(to.getParent());
      Files.copy(root.resolve(key), to);
    }
    Path data = root.resolve(ArtifactKeys.data("damaged/inc-1"));
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(data, bytes);
    BackupChain chain = BackupChain.of(full, List.of(ChainLink.read(store, "damaged/inc-1"), inc2));
    assertTrue(chain.contiguous());
    ArtifactCorruptException e =
        assertThrows(
            ArtifactCorruptException.class,
            () -> ChainRestorer.restoreTree(store, chain, ReplayTarget.end(), null));
    assertTrue(e.getMessage().contains("chunk"), e.getMessage());
    VerificationReport report = BackupVerifier.verify(store, chain, source.liveDigests());
    assertFalse(report.passed());
    assertEquals(VerificationReport.Status.FAILED, report.check("integrity inc-1").status());
    assertEquals(VerificationReport.Status.FAILED, report.check("replay").status());
  }

  @Test
  void logGapOrBadCrcInTheDataDirRefusesCapture() throws Exception {
    ZkDataDir copy = copyOfMemberDir("gap");
    TxnLogFile log = longestLog(copy);
    List<TxnLogRecord> records = readAll(log.path());
    assertTrue(records.size() > 10, "records in " + log.path() + ": " + records.size());
    dropSnapshotsFrom(copy, records.get(3).zxid()); // the capture must read across the damage
    byte[] bytes = Files.readAllBytes(log.path());
    int cutFrom = (int) records.get(4).offset();
    int cutTo = (int) (records.get(6).offset() + records.get(6).encodedLength());
    byte[] cut = new byte[bytes.length - (cutTo - cutFrom)];
    System.arraycopy(bytes, 0, cut, 0, cutFrom);
    System.arraycopy(bytes, cutTo, cut, cutFrom, bytes.length - cutTo);
    Files.write(log.path(), cut);

    LogGapException gap =
        assertThrows(
            LogGapException.class,
            () ->
                FullBackupCapture.capture(
                    copy,
                    CaptureRequest.full("bad", ENSEMBLE, "x", -1),
                    store,
                    "bad/full",
                    OPTIONS));
    assertEquals(records.get(3).zxid(), gap.lastBefore());
    assertEquals(records.get(7).zxid(), gap.firstAfter());
    assertTrue(gap.getMessage().contains(Zxid.hex(records.get(4).zxid())), gap.getMessage());
    assertThrows(
        LogGapException.class,
        () ->
            IncrementalCapture.capture(
                copy,
                CaptureRequest.incremental("bad", ENSEMBLE, "x", records.get(1).zxid(), -1),
                store,
                "bad/inc",
                OPTIONS));
    assertTrue(store.list("bad/").isEmpty(), "nothing committed for refused captures");

    ZkDataDir crc = copyOfMemberDir("crc");
    Path crcLog = crc.logDir().resolve(log.path().getFileName());
    dropSnapshotsFrom(crc, records.get(3).zxid());
    byte[] b = Files.readAllBytes(crcLog);
    TxnLogRecord victim = records.get(5);
    b[(int) victim.offset() + 14] ^= 0x01;
    Files.write(crcLog, b);
    TxnLogFormatException bad =
        assertThrows(
            TxnLogFormatException.class,
            () ->
                FullBackupCapture.capture(
                    crc,
                    CaptureRequest.full("bad", ENSEMBLE, "x", -1),
                    store,
                    "bad/full2",
                    OPTIONS));
    assertEquals(LogProblem.Kind.BAD_CRC, bad.kind());
    assertEquals(victim.offset(), bad.offset());
    assertTrue(bad.getMessage().contains(crcLog.getFileName().toString()), bad.getMessage());
  }

  private static TxnLogFile longestLog(ZkDataDir dir) throws IOException {
    TxnLogFile best = null;
    long bestSize = -1;
    for (TxnLogFile f : dir.logs()) {
      int n = readAll(f.path()).size();
      if (n > bestSize) {
        best = f;
        bestSize = n;
      }
    }
    return best;
  }

  private static void dropSnapshotsFrom(ZkDataDir dir, long zxid) throws IOException {
    for (var snap : dir.snapshots()) {
      if (snap.startZxid() >= zxid) {
        Files.delete(snap.path());
      }
    }
  }

  private static ZkDataDir copyOfMemberDir(String name) {
    Path dir = TestDirs.create("member-copy-" + name);
    TestDirs.copyTree(source.member().dataDir(), dir.resolve("data"));
    TestDirs.copyTree(source.member().dataLogDir(), dir.resolve("log"));
    return new ZkDataDir(dir.resolve("data"), dir.resolve("log"));
  }

  private static List<TxnLogRecord> readAll(Path file) throws IOException {
    List<TxnLogRecord> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        TxnLogReader r = TxnLogReader.open(in, file.toString(), true)) {
      TxnLogRecord rec;
      while ((rec = r.next()) != null) {
        out.add(rec);
      }
    }
    return out;
  }
}
