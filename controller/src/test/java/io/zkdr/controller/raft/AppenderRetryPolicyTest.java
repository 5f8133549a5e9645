package io.zkdr.controller.raft;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class AppenderRetryPolicyTest {

  /** The longest wait after any of the first {@code errors} failures, as Ratis draws it. */
  private static long longestWaitMs(String policy, int errors) {
    RetryPolicy p = RetryPolicy.parse(policy, RaftServerConfigKeys.Log.Appender.RETRY_POLICY_KEY);
    long longest = 0;
    for (int n = 1; n <= errors; n++) {
      final int count = n;
      for (int draw = 0; draw < 20; draw++) {
        long ms = p.handleAttemptFailure(() -> count).getSleepTime().toLong(TimeUnit.MILLISECONDS);
        longest = Math.max(longest, ms);
      }
    }
    return longest;
  }

  @Test
  void theLeaderNeverWaitsOnAFailingFollowerAsLongAsAHeartbeatInterval() {
    for (long electionMin : new long[] {400, 1000, 5000}) {
      long longest = longestWaitMs(RaftNode.appenderRetryPolicy(electionMin), 2_000);
      // followers expect a heartbeat every half election timeout
      assertTrue(longest <= electionMin / 2, electionMin + " ms: waited " + longest + " ms");
    }
  }

  @Test
  void ratisDefaultWaitsLongerThanAnElectionTimeout() {
    long longest = longestWaitMs(RaftServerConfigKeys.Log.Appender.RETRY_POLICY_DEFAULT, 2_000);
    assertFalse(longest <= 1000 / 2, "the default waits " + longest + " ms");
  }
}
