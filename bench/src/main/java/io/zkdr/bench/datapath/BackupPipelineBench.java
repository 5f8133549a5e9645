package io.zkdr.bench.datapath;

import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.backup.BackupChain;
import io.zkdr.backup.BackupSections;
import io.zkdr.backup.BackupVerifier;
import io.zkdr.backup.CaptureRequest;
import io.zkdr.backup.ChainLink;
import io.zkdr.backup.ChainRestorer;
import io.zkdr.backup.FullBackupCapture;
import io.zkdr.backup.VerificationReport;
import io.zkdr.bench.Figures;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.replay.ReplayResult;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.replay.TreeReplayer;
import io.zkdr.zk.replay.TxnStream;
import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures zkdr's backup pipeline on a generated data dir, one figure per method: FULL capture
 * against the {@code tar | gzip -6 | md5sum} baseline, verification (checksums, load, replay,
 * digests), log replay on its own, and a restore into a three-member ensemble's data dirs.
 */
public final class BackupPipelineBench {
  private static final String PREFIX = "artifacts/bench-zk/full";

  private final BlobStore store;
  private final Figures figures;

  public BackupPipelineBench(BlobStore store, Figures figures) {
    this.store = store;
    this.figures = figures;
  }

  /**
   * {@code capture.mb_per_s} (raw snapshot and txn bytes captured per second) and {@code
   * capture.ratio_vs_tar_gzip_md5} (baseline time / capture time for the same data dir).
   */
  public ArtifactManifest capture(Path dataDir, long baselineNanos) throws IOException {
    long start = System.nanoTime();
    ArtifactManifest m =
        FullBackupCapture.capture(
            ZkDataDir.of(dataDir),
            CaptureRequest.full("bench-full", "bench-zk", "1@localhost", -1),
            store,
            PREFIX,
            ArtifactWriter.Options.defaults());
    long nanos = System.nanoTime() - start;
    figures.report("capture.mb_per_s", Figures.mbPerSecond(m.rawLength(), nanos), "MB/s");
    figures.report("capture.seconds", nanos / 1e9, "s");
    figures.report("capture.ratio_vs_tar_gzip_md5", (double) baselineNanos / nanos, "x");
    figures.report("capture.txns", m.txnCount(), "txns");
    return m;
  }

  /** {@code verify.mb_per_s}: raw MB per second of a full verification of the FULL artifact. */
  public void verify(ArtifactManifest full) throws IOException {
    BackupChain chain = BackupChain.of(new ChainLink(PREFIX, full), List.of());
    long start = System.nanoTime();
    VerificationReport report = BackupVerifier.verify(store, chain, null);
    long nanos = System.nanoTime() - start;
    if (!report.passed()) {
      throw new IOException("verification of the benchmark backup failed:\n" + report.describe());
    }
    figures.report("verify.mb_per_s", Figures.mbPerSecond(full.rawLength(), nanos), "MB/s");
    figures.report("verify.seconds", nanos / 1e9, "s");
  }

  /**
   * {@code replay.txn_per_s}: txns per second replayed from the artifact's {@code txnlog} section
   * onto its loaded snapshot (reading, checksums, decompression and digest checks included; the
   * snapshot load is not).
   */
  public void replay(ArtifactManifest full) throws IOException {
    try (ArtifactReader reader = ArtifactReader.open(store, PREFIX)) {
      LoadedSnapshot snapshot;
      try (InputStream in = reader.openSection(BackupSections.SNAPSHOT)) {
        snapshot = SnapshotLoader.load(in, "bench snapshot", full.fromZxid());
      }
      long start = System.nanoTime();
      ReplayResult result;
      try (TxnStream txns =
          TxnStream.of(reader.openSection(BackupSections.TXNLOG), "bench txnlog")) {
        result = TreeReplayer.replay(snapshot, txns, ReplayTarget.end(), null);
      }
      long nanos = System.nanoTime() - start;
      figures.report("replay.txn_per_s", result.txnsApplied() / (nanos / 1e9), "txn/s");
      figures.report("replay.digests_checked", result.digestsChecked(), "digests");
    }
  }

  /**
   * {@code restore.seconds}: from the artifact to loadable data dirs for three members (load,
   * replay, write one snapshot, copy it to the others).
   */
  public void restore(ArtifactManifest full, Path restoreDir) throws IOException {
    List<MemberDataDir> members = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      Path dir = restoreDir.resolve("member-" + id);
      members.add(new MemberDataDir(id, dir, dir));
    }
    BackupChain chain = BackupChain.of(new ChainLink(PREFIX, full), List.of());
    long start = System.nanoTime();
    ChainRestorer.Restored restored =
        ChainRestorer.restore(store, chain, ReplayTarget.end(), members, true);
    long nanos = System.nanoTime() - start;
    if (restored.written().zxid() != full.toZxid()) {
      throw new IOException(
          "restore reached 0x"
              + Long.toHexString(restored.written().zxid())
              + ", expected 0x"
              + Long.toHexString(full.toZxid()));
    }
    figures.report("restore.seconds", nanos / 1e9, "s");
    figures.report("restore.members", members.size(), "members");
  }
}
