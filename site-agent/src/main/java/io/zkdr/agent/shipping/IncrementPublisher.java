package io.zkdr.agent.shipping;

import io.zkdr.agent.catalog.BackupRecords;
import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.agent.store.RegionStores;
import io.zkdr.artifact.ArtifactCopier;
import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactMetadata;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.artifact.IntegrityReport;
import io.zkdr.artifact.TreeDigest;
import io.zkdr.backup.BackupSections;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.VerificationResult;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.txnlog.LogCheckReport;
import io.zkdr.zk.txnlog.TxnLogRecord;
import io.zkdr.zk.txnlog.TxnLogValidator;
import io.zkdr.zk.txnlog.TxnLogWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link Segment} into a catalogued INCREMENTAL backup: writes the artifact into the home
 * region's store, copies it into every replica region's store, reads every copy back (chunk
 * checksums and SHA-256; record checksums and zxid continuity of the txns), compares the txn
 * digests with the live ensemble's {@code hash} history where both know a zxid, and only then
 * records the backup with all its copies and the verification result.
 *
 * <p>Idempotent: an artifact already complete at the increment's prefix (a retry after a crash) is
 * reused when it holds the same range.
 */
public final class IncrementPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementPublisher.class);

  private final String ensemble;
  private final RegionStores stores;
  private final CatalogClient catalog;
  private final ShippingMetrics metrics;
  private final Clock clock;
  private final ArtifactWriter.Options options =
      ArtifactWriter.Options.defaults().withThreads(1).withChunkSize(1024 * 1024);

  public IncrementPublisher(
      String ensemble,
      RegionStores stores,
      CatalogClient catalog,
      ShippingMetrics metrics,
      Clock clock) {
    this.ensemble = ensemble;
    this.stores = stores;
    this.catalog = catalog;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Ships {@code segment} to {@code home} and {@code replicas} and records it.
   *
   * @param liveDigests the source's digest history (zxid to digest); may be empty
   * @return the catalogued backup
   * @throws IOException if a store write or a read-back check fails (nothing is catalogued)
   */
  public Backup publish(
      Segment segment, String home, List<String> replicas, NavigableMap<Long, Long> liveDigests)
      throws IOException {
    String id = segment.backupId(ensemble);
    String prefix = ArtifactLocations.prefix(ensemble, id);
    BlobStore homeStore = stores.store(home);
    ArtifactManifest manifest = writeOrReuse(homeStore, home, prefix, id, segment);

    List<String> regions = new ArrayList<>();
    regions.add(home);
    for (String r : replicas) {
      if (!regions.contains(r)) {
        regions.add(r);
      }
    }
    for (String r : regions.subList(1, regions.size())) {
      BlobStore to = stores.store(r);
      boolean existed = to.stat(ArtifactKeys.manifest(prefix)).isPresent();
      ArtifactCopier.copy(homeStore, prefix, to, prefix);
      if (!existed) {
        metrics.written(r, manifest.dataLength());
      }
    }

    StringBuilder detail = new StringBuilder();
    Map<String, BackupCopy> copies = new LinkedHashMap<>();
    Instant verifiedAt = clock.instant();
    for (String r : regions) {
      BlobStore s = stores.store(r);
      IntegrityReport report;
      try (ArtifactReader reader = ArtifactReader.open(s, prefix)) {
        report = reader.verifyIntegrity();
      }
      if (!report.dataSha256().equals(manifest.dataSha256())) {
        throw new IOException(
            "copy of "
                + id
                + " in "
                + r
                + " ("
                + s.uri()
                + ") has SHA-256 "
                + report.dataSha256()
                + ", the home copy "
                + manifest.dataSha256());
      }
      copies.put(
          r,
          new BackupCopy(
              r,
              ArtifactLocations.copyUri(stores.uri(r), prefix),
              manifest.dataSha256(),
              verifiedAt));
      detail
          .append("checksum ")
          .append(r)
          .append(": ")
          .append(report.chunks())
          .append(" chunk(s), sha256 ")
          .append(report.dataSha256(), 0, 12)
          .append("; ");
    }
    detail.append(checkTxns(homeStore, prefix, id, segment)).append("; ");
    DigestCheck digests = checkDigests(segment, liveDigests);
    detail.append(digests.detail());

    TreeDigest last = lastDigest(segment);
    Backup backup =
        new Backup(
            id,
            ensemble,
            BackupKind.INCREMENTAL,
            segment.afterZxid(),
            segment.toZxid(),
            manifest.createdAt(),
            last != null && last.zxid() == segment.toZxid() ? BackupRecords.digest(last) : null,
            manifest.dataLength(),
            ArtifactLocations.copyUri(stores.uri(home), ArtifactKeys.manifest(prefix)),
            segment.parentId(),
            copies,
            List.of());
    Backup recorded = catalog.putBackup(backup);
    catalog.addVerification(
        id, new VerificationResult(verifiedAt, home, digests.passed(), detail.toString()));
    if (!digests.passed()) {
      LOG.error("increment {} of {} differs from the live ensemble: {}", id, ensemble, detail);
    }
    for (String r : regions) {
      metrics.durable(r, segment.lastTime());
    }
    return recorded;
  }

  private ArtifactManifest writeOrReuse(
      BlobStore store, String region, String prefix, String id, Segment segment)
      throws IOException {
    if (store.stat(ArtifactKeys.manifest(prefix)).isPresent()) {
      ArtifactManifest existing = ArtifactReader.readManifest(store, prefix);
      if (existing.kind() != ArtifactKind.INCREMENTAL
          || existing.fromZxid() != segment.afterZxid()
          || existing.toZxid() != segment.toZxid()
          || existing.txnCount() != segment.records().size()) {
        throw new IOException(
            "a different artifact is already at " + prefix + " in " + store.uri());
      }
      return existing;
    }
    TreeDigest digest = lastDigest(segment);
    List<TxnLogRecord> records = segment.records();
    try (ArtifactWriter writer = ArtifactWriter.create(store, prefix, options)) {
      try (OutputStream section =
              writer.section(BackupSections.TXNLOG, BackupSections.TXNLOG_FORMAT);
          TxnLogWriter txns = TxnLogWriter.open(section, segment.dbid())) {
        for (TxnLogRecord r : records) {
          txns.append(r);
        }
      }
      ArtifactMetadata metadata =
          ArtifactMetadata.builder(id, ensemble, ArtifactKind.INCREMENTAL)
              .fromZxid(segment.afterZxid())
              .toZxid(segment.toZxid())
              .restorableFromZxid(segment.afterZxid())
              .firstTxnTime(Instant.ofEpochMilli(records.get(0).time()))
              .lastTxnTime(Instant.ofEpochMilli(segment.lastTime()))
              .txnCount(records.size())
              .digest(digest)
              .dbId(segment.dbid())
              .sourceMember(segment.source())
              .build();
      ArtifactManifest m = writer.commit(metadata);
      metrics.written(region, m.dataLength());
      return m;
    }
  }

  /** Reads the stored txns back: every record's checksum, continuity, the promised range. */
  private static String checkTxns(BlobStore store, String prefix, String id, Segment segment)
      throws IOException {
    LogCheckReport report;
    try (ArtifactReader reader = ArtifactReader.open(store, prefix);
        InputStream in = reader.openSection(BackupSections.TXNLOG)) {
      report = new TxnLogValidator().validate(in, "artifact " + id + " section txnlog", false);
    }
    long first = segment.records().get(0).zxid();
    if (!report.errors().isEmpty()
        || report.records() != segment.records().size()
        || report.firstZxid() != first
        || report.lastZxid() != segment.toZxid()
        || !Zxid.isSuccessor(segment.afterZxid(), first)) {
      throw new IOException(
          "read-back of "
              + id
              + " does not hold the contiguous txns ("
              + Zxid.hex(segment.afterZxid())
              + ", "
              + Zxid.hex(segment.toZxid())
              + "]: "
              + report.describe());
    }
    return "txns: " + report.records() + " record checksums and zxid continuity checked";
  }

  private record DigestCheck(boolean passed, String detail) {}

  private static DigestCheck checkDigests(Segment segment, NavigableMap<Long, Long> live) {
    int matched = 0;
    List<String> mismatches = new ArrayList<>();
    for (TxnLogRecord r : segment.records()) {
      Long expected = live.get(r.zxid());
      if (expected == null || r.digest() == null) {
        continue;
      }
      if (expected == r.digest().getTreeDigest()) {
        matched++;
      } else {
        mismatches.add(
            Zxid.hex(r.zxid())
                + " log "
                + Long.toHexString(r.digest().getTreeDigest())
                + " live "
                + Long.toHexString(expected));
      }
    }
    if (!mismatches.isEmpty()) {
      return new DigestCheck(false, "live digests: MISMATCH at " + String.join(", ", mismatches));
    }
    return new DigestCheck(
        true,
        matched == 0
            ? "live digests: none of its zxids in the live history"
            : "live digests: " + matched + " matched");
  }

  private static TreeDigest lastDigest(Segment segment) {
    List<TxnLogRecord> records = segment.records();
    for (int i = records.size() - 1; i >= 0; i--) {
      TxnLogRecord r = records.get(i);
      if (r.digest() != null) {
        return new TreeDigest(r.zxid(), r.digest().getVersion(), r.digest().getTreeDigest());
      }
    }
    return null;
  }
}
