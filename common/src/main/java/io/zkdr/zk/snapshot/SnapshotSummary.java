package io.zkdr.zk.snapshot;

/**
 * Figures learned from one pass over a snapshot stream.
 *
 * @param dbid database id from the header
 * @param sessions sessions recorded
 * @param aclEntries entries of the ACL cache
 * @param nodes znodes serialized (the root and {@code /zookeeper} system nodes included)
 * @param dataBytes sum of the znodes' data lengths
 * @param ephemerals znodes owned by a session
 * @param digestZxid zxid of the digest record, -1 when absent or empty
 * @param digestVersion digest algorithm version, -1 when absent
 * @param digest tree digest at {@code digestZxid}
 * @param lastProcessedZxid the zxid recorded after the tree, -1 when absent (snapshots older than
 *     3.9)
 * @param length bytes of the decompressed stream
 */
public record SnapshotSummary(
    long dbid,
    int sessions,
    int aclEntries,
    long nodes,
    long dataBytes,
    long ephemerals,
    long digestZxid,
    int digestVersion,
    long digest,
    long lastProcessedZxid,
    long length) {

  /** Whether the snapshot carries a (non-empty) digest record. */
  public boolean hasDigest() {
    return digestZxid > 0;
  }

  /**
   * The first zxid at which a tree loaded from this snapshot is consistent, once the logs are
   * replayed to it: the later of the start zxid, the digest zxid and the recorded last zxid.
   */
  public long consistentZxid(long startZxid) {
    return Math.max(startZxid, Math.max(digestZxid, lastProcessedZxid));
  }
}
