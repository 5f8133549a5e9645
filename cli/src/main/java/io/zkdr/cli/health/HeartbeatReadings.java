package io.zkdr.cli.health;

import io.zkdr.model.Agent;
import io.zkdr.model.HealthStatus;
import io.zkdr.model.Member;
import io.zkdr.model.MemberRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ensemble readings in the agents' heartbeat details: {@code ensemble.<name>.leader}, {@code
 * member.<ensemble>.<myid>.<field>} and {@code shipping.<ensemble>.lag_seconds}. Ensemble names may
 * contain dots, so keys are split from the right. Where two agents report the same member, the
 * newer heartbeat wins. Heartbeats older than {@link #STALE} are left out: an agent that stopped
 * reporting says nothing about the ensemble now.
 */
public final class HeartbeatReadings {
  /** How old a heartbeat may be and still count. */
  public static final Duration STALE = Duration.ofMinutes(2);

  private final Map<String, Map<Integer, MemberReading>> members = new HashMap<>();
  private final Map<String, String> leaders = new HashMap<>();
  private final Map<String, Double> lag = new HashMap<>();

  /** Collects the readings of every agent that reported within {@link #STALE} of {@code now}. */
  public static HeartbeatReadings of(List<Agent> agents, Instant now) {
    HeartbeatReadings r = new HeartbeatReadings();
    Instant oldest = now.minus(STALE);
    List<Agent> oldestFirst = new ArrayList<>();
    for (Agent a : agents) {
      if (a.lastHeartbeat() != null && !a.lastHeartbeat().isBefore(oldest)) {
        oldestFirst.add(a);
      }
    }
    oldestFirst.sort(
        Comparator.comparing(
            Agent::lastHeartbeat, Comparator.nullsFirst(Comparator.naturalOrder())));
    for (Agent a : oldestFirst) {
      if (a.health() != null) {
        r.add(a, a.health().details());
      }
    }
    return r;
  }

  private void add(Agent agent, Map<String, String> details) {
    Map<String, Map<Integer, MemberReading>> fresh = new HashMap<>();
    for (Map.Entry<String, String> e : details.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key.startsWith("ensemble.") && key.endsWith(".leader")) {
        String name = key.substring("ensemble.".length(), key.length() - ".leader".length());
        leaders.put(name, value);
      } else if (key.startsWith("shipping.") && key.endsWith(".lag_seconds")) {
        String name = key.substring("shipping.".length(), key.length() - ".lag_seconds".length());
        try {
          lag.put(name, Double.parseDouble(value));
        } catch (NumberFormatException ignored) {
          // an unreadable figure is shown as unknown
        }
      } else if (key.startsWith("member.")) {
        addMember(agent, key, value, fresh);
      }
    }
    fresh.forEach(
        (ensemble, byId) -> members.computeIfAbsent(ensemble, k -> new TreeMap<>()).putAll(byId));
  }

  private static void addMember(
      Agent agent, String key, String value, Map<String, Map<Integer, MemberReading>> into) {
    String rest = key.substring("member.".length());
    int lastDot = rest.lastIndexOf('.');
    if (lastDot < 0) {
      return;
    }
    String field = rest.substring(lastDot + 1);
    String head = rest.substring(0, lastDot);
    int idDot = head.lastIndexOf('.');
    if (idDot <= 0) {
      return;
    }
    int myid;
    try {
      myid = Integer.parseInt(head.substring(idDot + 1));
    } catch (NumberFormatException e) {
      return;
    }
    String ensemble = head.substring(0, idDot);
    into.computeIfAbsent(ensemble, k -> new TreeMap<>())
        .compute(
            myid,
            (id, old) ->
                (old == null
                        ? new MemberReading(
                            id,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            agent.id(),
                            agent.lastHeartbeat())
                        : old)
                    .with(field, value));
  }

  /** The readings of one member, or null. */
  public MemberReading member(String ensemble, int myid) {
    return members.getOrDefault(ensemble, Map.of()).get(myid);
  }

  /** The health of an ensemble with the given declared members. */
  public EnsembleHealth health(String ensemble, List<Member> declared) {
    Map<Integer, MemberReading> readings = members.getOrDefault(ensemble, Map.of());
    String leader = leaders.get(ensemble);
    int up = 0;
    int participants = 0;
    int participantsUp = 0;
    for (Member m : declared) {
      MemberReading r = readings.get(m.myid());
      boolean isUp = r != null && Boolean.TRUE.equals(r.up());
      up += isUp ? 1 : 0;
      if (m.role() != MemberRole.OBSERVER) {
        participants++;
        participantsUp += isUp ? 1 : 0;
      }
      if (leader == null && r != null && "leader".equalsIgnoreCase(r.state()) && isUp) {
        leader = String.valueOf(m.myid());
      }
    }
    HealthStatus status;
    if (readings.isEmpty() && !leaders.containsKey(ensemble)) {
      status = HealthStatus.UNKNOWN;
    } else if (leader == null || participantsUp < participants / 2 + 1) {
      status = HealthStatus.UNHEALTHY;
    } else if (up < declared.size()) {
      status = HealthStatus.DEGRADED;
    } else {
      status = HealthStatus.HEALTHY;
    }
    return new EnsembleHealth(
        ensemble,
        status,
        leader,
        up,
        declared.size(),
        lag.get(ensemble),
        List.copyOf(readings.values()));
  }
}
