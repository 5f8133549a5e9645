package io.zkdr.artifact;

import java.time.Instant;
import java.util.Objects;

/**
 * The ZooKeeper-level facts about an artifact, known only once its stream has been written and
 * given to {@link ArtifactWriter#commit}. Build with {@link #builder}.
 *
 * @param artifactId unique id of the artifact (also the catalog's backup id)
 * @param ensemble the ensemble name
 * @param kind full or incremental
 * @param fromZxid FULL: the snapshot's zxid; INCREMENTAL: the exclusive lower bound
 * @param toZxid last zxid the artifact covers (inclusive)
 * @param restorableFromZxid the lowest zxid this artifact can be restored to on its own (FULL: the
 *     zxid at which the tree is consistent)
 * @param firstTxnTime time of the first transaction, null when there is none
 * @param lastTxnTime time of the last transaction, null when there is none
 * @param txnCount transactions contained
 * @param znodeCount znodes in the tree (FULL), 0 otherwise
 * @param dataSize bytes of znode data (FULL), 0 otherwise
 * @param digest ZooKeeper's tree digest at some zxid, null when digests are off
 * @param dbId the database id from the snapshot/log headers
 * @param sourceMember the member the data came from ({@code myid@host})
 */
public record ArtifactMetadata(
    String artifactId,
    String ensemble,
    ArtifactKind kind,
    long fromZxid,
    long toZxid,
    long restorableFromZxid,
    Instant firstTxnTime,
    Instant lastTxnTime,
    long txnCount,
    long znodeCount,
    long dataSize,
    TreeDigest digest,
    long dbId,
    String sourceMember) {

  public ArtifactMetadata {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(ensemble, "ensemble");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sourceMember, "sourceMember");
    if (artifactId.isBlank()) {
      throw new IllegalArgumentException("artifactId is blank");
    }
    if (txnCount < 0 || znodeCount < 0 || dataSize < 0) {
      throw new IllegalArgumentException("negative count in metadata of artifact " + artifactId);
    }
  }

  /** Starts metadata with the three fields every artifact needs. */
  public static Builder builder(String artifactId, String ensemble, ArtifactKind kind) {
    return new Builder(artifactId, ensemble, kind);
  }

  /** Fills in an {@link ArtifactMetadata}; unset numbers are 0, unset times and digest null. */
  public static final class Builder {
    private final String artifactId;
    private final String ensemble;
    private final ArtifactKind kind;
    private long fromZxid;
    private long toZxid;
    private long restorableFromZxid;
    private Instant firstTxnTime;
    private Instant lastTxnTime;
    private long txnCount;
    private long znodeCount;
    private long dataSize;
    private TreeDigest digest;
    private long dbId;
    private String sourceMember = "";

    private Builder(String artifactId, String ensemble, ArtifactKind kind) {
      this.artifactId = artifactId;
      this.ensemble = ensemble;
      this.kind = kind;
    }

    public Builder fromZxid(long v) {
      fromZxid = v;
      return this;
    }

    public Builder toZxid(long v) {
      toZxid = v;
      return this;
    }

    public Builder restorableFromZxid(long v) {
      restorableFromZxid = v;
      return this;
    }

    public Builder firstTxnTime(Instant v) {
      firstTxnTime = v;
      return this;
    }

    public Builder lastTxnTime(Instant v) {
      lastTxnTime = v;
      return this;
    }

    public Builder txnCount(long v) {
      txnCount = v;
      return this;
    }

    public Builder znodeCount(long v) {
      znodeCount = v;
      return this;
    }

    public Builder dataSize(long v) {
      dataSize = v;
      return this;
    }

    public Builder digest(TreeDigest v) {
      digest = v;
      return this;
    }

    public Builder dbId(long v) {
      dbId = v;
      return this;
    }

    public Builder sourceMember(String v) {
      sourceMember = v;
      return this;
    }

    public ArtifactMetadata build() {
      return new ArtifactMetadata(
          artifactId,
          ensemble,
          kind,
          fromZxid,
          toZxid,
          restorableFromZxid,
          firstTxnTime,
          lastTxnTime,
          txnCount,
          znodeCount,
          dataSize,
          digest,
          dbId,
          sourceMember);
    }
  }
}
