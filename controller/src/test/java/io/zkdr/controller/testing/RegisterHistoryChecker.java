package io.zkdr.controller.testing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a history of reads and writes on one register for linearizability (Wing and Gong's search
 * with memoization, as in Lowe's and Horn's checkers). A write whose outcome is unknown (the client
 * saw an error) may take effect at any point after its invocation, or never.
 */
public final class RegisterHistoryChecker {
  /** One operation; {@code end} is {@link Long#MAX_VALUE} for a write of unknown outcome. */
  public record Op(boolean write, String value, long start, long end) {}

  private final List<Op> ops;
  private final Set<State> seen = new HashSet<>();

  private record State(BitSet done, String value) {}

  private RegisterHistoryChecker(List<Op> ops) {
    this.ops = ops;
  }

  /** Whether the history is linearizable starting from {@code initial}. */
  public static boolean linearizable(List<Op> history, String initial) {
    return new RegisterHistoryChecker(new ArrayList<>(history)).search(new BitSet(), initial);
  }

  private boolean search(BitSet done, String value) {
    if (allCompletedDone(done)) {
      return true;
    }
    if (!seen.add(new State((BitSet) done.clone(), value))) {
      return false;
    }
    long minEnd = Long.MAX_VALUE;
    for (int i = 0; i < ops.size(); i++) {
      if (!done.get(i)) {
        minEnd = Math.min(minEnd, ops.get(i).end());
      }
    }
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (done.get(i) || op.start() > minEnd) {
        continue; // only operations that could come first
      }
      if (!op.write() && !Objects.equals(op.value(), value)) {
        continue;
      }
      done.set(i);
      boolean ok = search(done, op.write() ? op.value() : value);
      done.clear(i);
      if (ok) {
        return true;
      }
    }
    return false;
  }

  private boolean allCompletedDone(BitSet done) {
    for (int i = 0; i < ops.size(); i++) {
      if (!done.get(i) && ops.get(i).end() != Long.MAX_VALUE) {
        return false;
      }
    }
    return true;
  }
}
