package io.zkdr.agent.health;

import java.util.Map;

/**
 * One look at one member.
 *
 * @param ensemble the member's ensemble
 * @param myid its id
 * @param processUp the process runs (managed) or the port answers (external)
 * @param up the process runs and the client port answers {@code ruok} with {@code imok}
 * @param mntr the {@code mntr} figures (empty when the member does not serve)
 * @param lastZxid the last zxid it processed ({@code srvr}), -1 when not serving
 * @param dataDiskUsedRatio used / size of the file system holding the data dir, -1 if unknown
 * @param dataLogDiskUsedRatio the same for the data-log dir
 */
public record MemberReading(
    String ensemble,
    int myid,
    boolean processUp,
    boolean up,
    Map<String, String> mntr,
    long lastZxid,
    double dataDiskUsedRatio,
    double dataLogDiskUsedRatio) {

  public MemberReading {
    mntr = Map.copyOf(mntr);
  }

  /** {@code zk_server_state}, or {@code down} / {@code not-serving}. */
  public String state() {
    if (!up) {
      return "down";
    }
    return mntr.getOrDefault("zk_server_state", "not-serving");
  }

  /** Whether the member leads its ensemble (or runs standalone). */
  public boolean leads() {
    String s = state();
    return "leader".equals(s) || "standalone".equals(s);
  }

  /** Whether the member serves clients (leads, follows, observes or runs standalone). */
  public boolean serving() {
    return switch (state()) {
      case "leader", "follower", "observer", "standalone" -> true;
      default -> false;
    };
  }

  /** A numeric {@code mntr} figure, or NaN when absent. */
  public double figure(String key) {
    String v = mntr.get(key);
    if (v == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
