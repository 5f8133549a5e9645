package io.zkdr.agent.restore;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.admin.ServerStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits until restored servers form a working ensemble: every one serving, exactly one leader (or
 * one standalone server), every one at or past the restored zxid and holding the restored number of
 * znodes.
 */
final class QuorumCheck {
  private QuorumCheck() {}

  /** A server to probe. */
  record Server(String host, int clientPort) {
    @Override
    public String toString() {
      return host + ":" + clientPort;
    }
  }

  /**
   * @param expectedNodes znodes every server must hold, as the restore wrote them
   * @throws IOException naming what was not reached by the deadline
   */
  static void await(List<Server> servers, long zxid, long expectedNodes, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      List<String> problems = new ArrayList<>();
      int leaders = 0;
      for (Server s : servers) {
        ServerStatus st;
        try {
          st = FourLetterWords.srvr(s.host(), s.clientPort(), Duration.ofSeconds(2));
        } catch (IOException e) {
          problems.add(s + " does not answer");
          continue;
        }
        if (!st.serving()) {
          problems.add(s + " is not serving");
          continue;
        }
        if (st.isLeader() || "standalone".equals(st.mode())) {
          leaders++;
        }
        if (st.zxid() < zxid) {
          problems.add(s + " is at " + Zxid.hex(st.zxid()) + ", before " + Zxid.hex(zxid));
        }
        // DataTree maps the root under both "" and "/", and srvr counts map entries
        long expectedCount = expectedNodes + 1;
        if (st.nodeCount() != expectedCount) {
          problems.add(s + " counts " + st.nodeCount() + " znodes, expected " + expectedCount);
        }
      }
      if (problems.isEmpty() && leaders != 1) {
        problems.add(leaders + " leaders");
      }
      if (problems.isEmpty()) {
        return;
      }
      last = String.join("; ", problems);
      Thread.sleep(200);
    }
    throw new IOException(
        "the restored servers " + servers + " did not come up in " + timeout + ": " + last);
  }

  /** Waits until every server serves; returns what still was not by the deadline, or null. */
  static String awaitServing(List<Server> servers, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> notServing = new ArrayList<>();
    do {
      notServing.clear();
      for (Server s : servers) {
        try {
          if (!FourLetterWords.srvr(s.host(), s.clientPort(), Duration.ofSeconds(2)).serving()) {
            notServing.add(s.toString());
          }
        } catch (IOException e) {
          notServing.add(s.toString());
        }
      }
      if (notServing.isEmpty()) {
        return null;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return "not serving after " + timeout + ": " + notServing;
  }
}
