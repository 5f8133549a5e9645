package io.zkdr.cli.health;

import java.time.Instant;

/**
 * What an agent last reported about one ZooKeeper server ({@code member.<ensemble>.<myid>.*}
 * heartbeat details). Fields the agent did not report are null.
 *
 * @param myid the server's myid
 * @param state {@code leader}, {@code follower}, {@code observer}, ...
 * @param up whether the server answered
 * @param avgLatencyMs average request latency
 * @param znodes znode count
 * @param lastZxid last zxid it processed (hex)
 * @param diskUsedPct used space of its data volume, percent
 * @param agent the agent that reported it
 * @param reportedAt that agent's last heartbeat
 */
public record MemberReading(
    int myid,
    String state,
    Boolean up,
    String avgLatencyMs,
    String znodes,
    String lastZxid,
    String diskUsedPct,
    String agent,
    Instant reportedAt) {

  MemberReading with(String field, String value) {
    return switch (field) {
      case "state" ->
          new MemberReading(
              myid, value, up, avgLatencyMs, znodes, lastZxid, diskUsedPct, agent, reportedAt);
      case "up" ->
          new MemberReading(
              myid,
              state,
              truthy(value),
              avgLatencyMs,
              znodes,
              lastZxid,
              diskUsedPct,
              agent,
              reportedAt);
      case "avg_latency_ms" ->
          new MemberReading(
              myid, state, up, value, znodes, lastZxid, diskUsedPct, agent, reportedAt);
      case "znodes" ->
          new MemberReading(
              myid, state, up, avgLatencyMs, value, lastZxid, diskUsedPct, agent, reportedAt);
      case "last_zxid" ->
          new MemberReading(
              myid, state, up, avgLatencyMs, znodes, value, diskUsedPct, agent, reportedAt);
      case "disk_used_pct" ->
          new MemberReading(
              myid, state, up, avgLatencyMs, znodes, lastZxid, value, agent, reportedAt);
      default -> this;
    };
  }

  private static boolean truthy(String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    return s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("up");
  }
}
