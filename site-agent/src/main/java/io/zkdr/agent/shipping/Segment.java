package io.zkdr.agent.shipping;

import io.zkdr.zk.txnlog.TxnLogRecord;
import java.util.List;

/**
 * One increment to ship: the txns in {@code (afterZxid, last record]}, contiguous.
 *
 * @param afterZxid the exclusive lower bound (the previous increment's end, or the zxid before a
 *     gap's far side)
 * @param parentId the previous link of the chain
 * @param records the txns, in zxid order
 * @param dbid the database id of the logs they came from
 * @param source the member they were read from ({@code myid@host:port})
 */
public record Segment(
    long afterZxid, String parentId, List<TxnLogRecord> records, long dbid, String source) {

  public Segment {
    records = List.copyOf(records);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a segment holds at least one txn");
    }
  }

  public long toZxid() {
    return records.get(records.size() - 1).zxid();
  }

  /** The commit time (ms) of the last txn. */
  public long lastTime() {
    return records.get(records.size() - 1).time();
  }

  /** {@code <ensemble>-inc-<from 16 hex>-<to 16 hex>}. */
  public String backupId(String ensemble) {
    return String.format("%s-inc-%016x-%016x", ensemble, afterZxid, toZxid());
  }
}
