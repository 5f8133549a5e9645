package io.zkdr.backup;

import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactMetadata;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.artifact.TreeDigest;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.snapshot.SnapshotFormatException;
import io.zkdr.zk.snapshot.SnapshotScanner;
import io.zkdr.zk.snapshot.SnapshotSummary;
import io.zkdr.zk.txnlog.TxnLogFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * Captures a FULL artifact from a member's data dir: the newest snapshot with good seals
 * (decompressed, byte for byte, scanned on the way) as section {@code snapshot}, and every txn
 * after it up to the requested zxid (or the end of the logs) as section {@code txnlog}. The
 * artifact restores to any zxid from where the snapshot is consistent to its last txn.
 *
 * <p>Refuses gaps in the logs and logs that stop before the snapshot is consistent.
 */
public final class FullBackupCapture {

  private FullBackupCapture() {}

  /**
   * Writes the artifact under {@code prefix} and returns its manifest.
   *
   * @throws LogGapException if txns are missing after the snapshot
   * @throws IOException if no snapshot is usable, a log record is damaged, or the logs end before
   *     the snapshot is consistent or before the requested zxid
   */
  public static ArtifactManifest capture(
      ZkDataDir dir,
      CaptureRequest request,
      BlobStore store,
      String prefix,
      ArtifactWriter.Options options)
      throws IOException {
    long upto = request.uptoOrMax();
    List<TxnLogFile> logs = dir.logs();
    IOException failures = new IOException("no usable snapshot in " + dir.snapDir());
    for (SnapshotFile snap : dir.snapshots()) {
      if (snap.startZxid() > upto) {
        continue;
      }
      try (ArtifactWriter writer = ArtifactWriter.create(store, prefix, options)) {
        SnapshotSummary summary;
        try (InputStream in = snap.openDecompressed();
            OutputStream section =
                writer.section(BackupSections.SNAPSHOT, BackupSections.SNAPSHOT_FORMAT)) {
          summary = SnapshotScanner.scan(in, snap.path().toString(), section);
        } catch (SnapshotFormatException e) {
          failures.addSuppressed(e); // a damaged snapshot: ZooKeeper would fall back too
          continue;
        }
        long start = snap.startZxid();
        long consistent = summary.consistentZxid(start);
        if (consistent > upto) {
          failures.addSuppressed(
              new IOException(snap.path() + " is consistent only from " + Zxid.hex(consistent)));
          continue;
        }
        LogRangeCopier.Copied txns;
        try (OutputStream section =
            writer.section(BackupSections.TXNLOG, BackupSections.TXNLOG_FORMAT)) {
          txns = LogRangeCopier.copy(TxnLogFile.covering(logs, start), start, upto, section);
        }
        long toZxid = txns.count() > 0 ? txns.lastZxid() : start;
        if (toZxid < consistent) {
          throw new IOException(
              "the logs of "
                  + dir.logDir()
                  + " end at "
                  + Zxid.hex(toZxid)
                  + ", before "
                  + Zxid.hex(consistent)
                  + " where snapshot "
                  + snap.path().getFileName()
                  + " becomes consistent");
        }
        ArtifactMetadata metadata =
            ArtifactMetadata.builder(request.artifactId(), request.ensemble(), ArtifactKind.FULL)
                .fromZxid(start)
                .toZxid(toZxid)
                .restorableFromZxid(consistent)
                .firstTxnTime(txns.count() > 0 ? Instant.ofEpochMilli(txns.firstTime()) : null)
                .lastTxnTime(txns.count() > 0 ? Instant.ofEpochMilli(txns.lastTime()) : null)
                .txnCount(txns.count())
                .znodeCount(summary.nodes())
                .dataSize(summary.dataBytes())
                .digest(digestAt(toZxid, txns, summary))
                .dbId(txns.count() > 0 ? txns.dbid() : summary.dbid())
                .sourceMember(request.sourceMember())
                .build();
        return writer.commit(metadata);
      }
    }
    throw failures;
  }

  /**
   * The newest digest the inputs record: the last txn that carries one (not every txn does), or the
   * snapshot's own record at {@code toZxid}.
   */
  private static TreeDigest digestAt(
      long toZxid, LogRangeCopier.Copied txns, SnapshotSummary summary) {
    if (txns.count() > 0 && txns.lastDigest() != null) {
      return new TreeDigest(
          txns.lastDigestZxid(), txns.lastDigest().getVersion(), txns.lastDigest().getTreeDigest());
    }
    if (summary.hasDigest() && summary.digestZxid() == toZxid) {
      return new TreeDigest(toZxid, summary.digestVersion(), summary.digest());
    }
    return null;
  }
}
