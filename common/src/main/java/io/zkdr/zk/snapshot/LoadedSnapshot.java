package io.zkdr.zk.snapshot;

import java.util.Map;
import org.apache.zookeeper.server.DataTree;

/**
 * A snapshot loaded into a {@link DataTree}, seals verified.
 *
 * @param tree the (possibly fuzzy) tree; its {@code lastProcessedZxid} is set to {@code startZxid},
 *     as ZooKeeper does, so replay continues from there
 * @param sessions session id to timeout
 * @param dbid database id from the header
 * @param startZxid the zxid the snapshot started at (file name)
 * @param digestZxid zxid of the snapshot's digest record, -1 when absent or empty
 * @param digest the digest recorded for {@code digestZxid}
 * @param recordedLastZxid the last processed zxid recorded after the tree, -1 when absent
 * @param midTxn the tree differs from the digest recorded for {@code startZxid}: ZooKeeper was
 *     applying the txn after it while writing the tree, so the tree holds part of that txn
 */
public record LoadedSnapshot(
    DataTree tree,
    Map<Long, Integer> sessions,
    long dbid,
    long startZxid,
    long digestZxid,
    long digest,
    long recordedLastZxid,
    boolean midTxn) {

  /**
   * The first zxid at which the tree is consistent once the logs after {@code startZxid} are
   * replayed up to it: for a tree written in the middle of a txn, the txn after {@code startZxid}
   * (its successor within the epoch, or a later zxid if the epoch changed there).
   */
  public long consistentZxid() {
    long fromStart = midTxn ? startZxid + 1 : startZxid;
    return Math.max(fromStart, Math.max(digestZxid, recordedLastZxid));
  }
}
