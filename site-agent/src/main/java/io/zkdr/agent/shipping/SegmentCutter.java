package io.zkdr.agent.shipping;

import io.zkdr.zk.txnlog.TxnLogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects committed txns and says when to cut them into an increment: when the oldest one has
 * waited {@code interval}, when {@code maxTxns} are held, or when their bytes pass {@code maxBytes}
 * (which bounds the memory a segment takes whatever the znode sizes). Not thread-safe.
 */
public final class SegmentCutter {
  private final Duration interval;
  private final int maxTxns;
  private final long maxBytes;
  private final List<TxnLogRecord> held = new ArrayList<>();
  private long bytes;
  private long firstHeldAtNanos;

  public SegmentCutter(Duration interval, int maxTxns, long maxBytes) {
    if (maxTxns < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxTxns and maxBytes must be positive");
    }
    this.interval = interval;
    this.maxTxns = maxTxns;
    this.maxBytes = maxBytes;
  }

  /** Adds a txn that follows the ones held. */
  public void add(TxnLogRecord rec, long nowNanos) {
    if (held.isEmpty()) {
      firstHeldAtNanos = nowNanos;
    }
    held.add(rec);
    bytes += rec.encodedLength();
  }

  public boolean isEmpty() {
    return held.isEmpty();
  }

  public int size() {
    return held.size();
  }

  /** The last zxid held, or {@code fallback} when empty. */
  public long lastZxid(long fallback) {
    return held.isEmpty() ? fallback : held.get(held.size() - 1).zxid();
  }

  /** Whether a segment is due. */
  public boolean due(long nowNanos) {
    if (held.isEmpty()) {
      return false;
    }
    return held.size() >= maxTxns
        || bytes >= maxBytes
        || nowNanos - firstHeldAtNanos >= interval.toNanos();
  }

  /** Whether a full segment is held (cut it before reading more). */
  public boolean full() {
    return held.size() >= maxTxns || bytes >= maxBytes;
  }

  /** The txns held, left in place (a failed publish keeps them for the retry). */
  public List<TxnLogRecord> peek() {
    return List.copyOf(held);
  }

  /** Hands over the txns held and starts empty. */
  public List<TxnLogRecord> take() {
    List<TxnLogRecord> out = List.copyOf(held);
    held.clear();
    bytes = 0;
    return out;
  }
}
