package io.zkdr.backup;

import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactMetadata;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.artifact.TreeDigest;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.txnlog.TxnLogFile;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Captures an INCREMENTAL artifact: the txns in {@code (from, to]} from a member's logs, as section
 * {@code txnlog}. Refuses a range the logs do not hold without a gap.
 */
public final class IncrementalCapture {

  private IncrementalCapture() {}

  /**
   * Writes the artifact under {@code prefix} and returns its manifest.
   *
   * @throws LogGapException if txns are missing inside the range (including right after {@code
   *     from}, when the logs holding it were purged)
   * @throws IOException if the logs end before {@code from} or before the requested end, or a
   *     record is damaged
   */
  public static ArtifactManifest capture(
      ZkDataDir dir,
      CaptureRequest request,
      BlobStore store,
      String prefix,
      ArtifactWriter.Options options)
      throws IOException {
    long from = request.fromZxid();
    if (from < 0) {
      throw new IllegalArgumentException("an incremental capture needs a from-zxid");
    }
    if (request.toZxid() >= 0 && request.toZxid() < from) {
      throw new IllegalArgumentException(
          "empty range (" + Zxid.hex(from) + ", " + Zxid.hex(request.toZxid()) + "]");
    }
    try (ArtifactWriter writer = ArtifactWriter.create(store, prefix, options)) {
      LogRangeCopier.Copied txns;
      try (OutputStream section =
          writer.section(BackupSections.TXNLOG, BackupSections.TXNLOG_FORMAT)) {
        txns =
            LogRangeCopier.copy(
                TxnLogFile.covering(dir.logs(), from), from, request.uptoOrMax(), section);
      }
      if (txns.count() == 0 && txns.highestSeen() < from) {
        throw new IOException(
            "the logs of "
                + dir.logDir()
                + (txns.highestSeen() < 0
                    ? " are empty"
                    : " end at " + Zxid.hex(txns.highestSeen()))
                + ", before "
                + Zxid.hex(from)
                + " where the increment starts");
      }
      long toZxid = txns.count() > 0 ? txns.lastZxid() : from;
      TreeDigest digest =
          txns.lastDigest() == null
              ? null
              : new TreeDigest(
                  txns.lastDigestZxid(),
                  txns.lastDigest().getVersion(),
                  txns.lastDigest().getTreeDigest());
      ArtifactMetadata metadata =
          ArtifactMetadata.builder(
                  request.artifactId(), request.ensemble(), ArtifactKind.INCREMENTAL)
              .fromZxid(from)
              .toZxid(toZxid)
              .restorableFromZxid(from)
              .firstTxnTime(txns.count() > 0 ? Instant.ofEpochMilli(txns.firstTime()) : null)
              .lastTxnTime(txns.count() > 0 ? Instant.ofEpochMilli(txns.lastTime()) : null)
              .txnCount(txns.count())
              .digest(digest)
              .dbId(txns.dbid())
              .sourceMember(request.sourceMember())
              .build();
      return writer.commit(metadata);
    }
  }
}
