package io.zkdr.zk.replay;

import java.util.Map;
import org.apache.zookeeper.server.DataTree;

/**
 * A tree replayed to its target.
 *
 * @param tree the data tree; {@code lastProcessedZxid} is {@code zxid}
 * @param sessions sessions open at {@code zxid} (id to timeout)
 * @param zxid the zxid the tree is at
 * @param txnsApplied txns applied on top of the snapshot
 * @param lastTxnTime time (ms since the epoch) of the last txn applied, -1 when none
 * @param digestsChecked txn and snapshot digests compared with the tree (all matched)
 * @param consistentZxid the first zxid at which the snapshot is consistent
 * @param treeDigest the tree's digest at {@code zxid}
 */
public record ReplayResult(
    DataTree tree,
    Map<Long, Integer> sessions,
    long zxid,
    long txnsApplied,
    long lastTxnTime,
    long digestsChecked,
    long consistentZxid,
    long treeDigest) {}
