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
 */
public record LoadedSnapshot(
    DataTree tree,
    Map<Long, Integer> sessions,
    long dbid,
    long startZxid,
    long digestZxid,
    long digest,
    long recordedLastZxid) {

  /**
   * The first zxid at which the tree is consistent once the logs after {@code startZxid} are
   * replayed up to it.
   */
  public long consistentZxid() {
    return Math.max(startZxid, Math.max(digestZxid, recordedLastZxid));
  }
}
