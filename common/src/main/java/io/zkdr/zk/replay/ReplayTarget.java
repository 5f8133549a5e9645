package io.zkdr.zk.replay;

import io.zkdr.zk.Zxid;
import java.time.Instant;

/**
 * Where a replay stops: at a zxid (the state after the last txn at or before it), at a time (the
 * state after the last txn whose time is at or before it), or at the end of the inputs.
 */
public sealed interface ReplayTarget {

  /** The state after the last txn with a zxid at or before {@code zxid}. */
  static ReplayTarget zxid(long zxid) {
    return new AtZxid(zxid);
  }

  /** The state after the last txn at or before {@code time}. */
  static ReplayTarget time(Instant time) {
    return new AtTime(time);
  }

  /** The state after the last txn of the inputs. */
  static ReplayTarget end() {
    return new AtEnd();
  }

  /** Stop at a zxid. */
  record AtZxid(long zxid) implements ReplayTarget {
    @Override
    public String toString() {
      return "zxid " + Zxid.hex(zxid);
    }
  }

  /** Stop at a time. */
  record AtTime(Instant time) implements ReplayTarget {
    @Override
    public String toString() {
      return "time " + time;
    }
  }

  /** Replay everything. */
  record AtEnd() implements ReplayTarget {
    @Override
    public String toString() {
      return "end";
    }
  }
}
