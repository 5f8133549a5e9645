package io.zkdr.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.zkdr.json.ZxidJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A catalog entry for one backup artifact.
 *
 * @param id backup id, unique
 * @param ensemble ensemble it was taken from
 * @param kind full or incremental
 * @param fromZxid for a full backup equal to toZxid; for an increment the exclusive start
 * @param toZxid the last zxid the artifact contains
 * @param createdAt when the artifact was complete
 * @param digest ZooKeeper data-tree digest at toZxid, or null where digests are disabled
 * @param sizeBytes artifact size
 * @param manifest manifest location or id
 * @param parentId the previous link of the chain (the full or the previous increment); null for a
 *     full backup
 * @param copies copies by region
 * @param verifications verification results, oldest first
 */
public record Backup(
    String id,
    String ensemble,
    BackupKind kind,
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long fromZxid,
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long toZxid,
    Instant createdAt,
    String digest,
    long sizeBytes,
    String manifest,
    String parentId,
    Map<String, BackupCopy> copies,
    List<VerificationResult> verifications) {
  public Backup {
    copies = copies == null ? Map.of() : Map.copyOf(new TreeMap<>(copies));
    verifications = verifications == null ? List.of() : List.copyOf(verifications);
  }

  /** This backup with a copy added or replaced. */
  public Backup withCopy(BackupCopy copy) {
    Map<String, BackupCopy> next = new TreeMap<>(copies);
    next.put(copy.region(), copy);
    return new Backup(
        id,
        ensemble,
        kind,
        fromZxid,
        toZxid,
        createdAt,
        digest,
        sizeBytes,
        manifest,
        parentId,
        next,
        verifications);
  }

  /** This backup without its copy in {@code region}. */
  public Backup withoutCopy(String region) {
    Map<String, BackupCopy> next = new TreeMap<>(copies);
    next.remove(region);
    return new Backup(
        id,
        ensemble,
        kind,
        fromZxid,
        toZxid,
        createdAt,
        digest,
        sizeBytes,
        manifest,
        parentId,
        next,
        verifications);
  }

  /** This backup with a verification result appended. */
  public Backup withVerification(VerificationResult result) {
    List<VerificationResult> next = new ArrayList<>(verifications);
    next.add(result);
    Map<String, BackupCopy> nextCopies = new TreeMap<>(copies);
    BackupCopy copy = nextCopies.get(result.region());
    if (copy != null && result.passed()) {
      nextCopies.put(
          copy.region(), new BackupCopy(copy.region(), copy.uri(), copy.checksum(), result.at()));
    }
    return new Backup(
        id,
        ensemble,
        kind,
        fromZxid,
        toZxid,
        createdAt,
        digest,
        sizeBytes,
        manifest,
        parentId,
        nextCopies,
        next);
  }

  /** Whether the newest verification passed. */
  public boolean verified() {
    return !verifications.isEmpty() && verifications.get(verifications.size() - 1).passed();
  }
}
