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
   * @param expectedNodes znodes every server must hold ({@code srvr}'s node count)
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
        if (st.nodeCount() != expectedNodes) {
          problems.add(s + " holds " + st.nodeCount() + " znodes, expected " + expectedNodes);
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
}
