package io.zkdr.zk.replay;

import io.zkdr.zk.ZxidRange;
import java.io.IOException;
import java.util.List;

/**
 * A replay that cannot reach its target or finds the data inconsistent. Carries the zxid ranges the
 * inputs can reach (empty when none).
 */
public class ReplayException extends IOException {

  /** Why the replay failed. */
  public enum Reason {
    /** The target is before the snapshot becomes consistent. */
    BEFORE_CONSISTENT,
    /** The target is after the last txn of the inputs. */
    PAST_END,
    /** A log gap lies between the snapshot and the target. */
    GAP,
    /** zxids go backwards in the inputs. */
    NOT_INCREASING,
    /** The tree's digest differs from the one recorded with a txn or snapshot. */
    DIGEST_MISMATCH
  }

  private final Reason reason;
  private final List<ZxidRange> reachable;

  public ReplayException(Reason reason, String message, List<ZxidRange> reachable) {
    super(message + (reachable.isEmpty() ? "" : "; reachable zxids: " + reachable));
    this.reason = reason;
    this.reachable = List.copyOf(reachable);
  }

  public Reason reason() {
    return reason;
  }

  public List<ZxidRange> reachable() {
    return reachable;
  }
}
