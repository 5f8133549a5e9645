package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zkdr.cli.health.EnsembleHealth;
import io.zkdr.cli.health.HeartbeatReadings;
import io.zkdr.model.Agent;
import io.zkdr.model.AgentHealth;
import io.zkdr.model.HealthStatus;
import io.zkdr.model.Member;
import io.zkdr.model.MemberRole;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatReadingsTest {
  private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  private static Member member(int id, MemberRole role) {
    return new Member(id, "h" + id, 2181, 2888, 3888, 0, null, null, role, "s");
  }

  private static final List<Member> THREE_AND_OBSERVER =
      List.of(
          member(1, MemberRole.PARTICIPANT),
          member(2, MemberRole.PARTICIPANT),
          member(3, MemberRole.PARTICIPANT),
          member(4, MemberRole.OBSERVER));

  private static Agent agent(String id, Instant at, Map<String, String> details) {
    return new Agent(id, "s", "r", "1", at, at, new AgentHealth(HealthStatus.HEALTHY, details));
  }

  private static Map<String, String> up(String ensemble, boolean... upById) {
    Map<String, String> d = new HashMap<>();
    for (int i = 0; i < upById.length; i++) {
      d.put("member." + ensemble + "." + (i + 1) + ".up", String.valueOf(upById[i]));
      d.put("member." + ensemble + "." + (i + 1) + ".state", i == 0 ? "leader" : "follower");
    }
    return d;
  }

  @Test
  void healthFollowsQuorumAndLeader() {
    EnsembleHealth all =
        HeartbeatReadings.of(
                List.of(agent("a", T, up("pay.zk", true, true, true, true))), T.plusSeconds(30))
            .health("pay.zk", THREE_AND_OBSERVER);
    assertEquals(HealthStatus.HEALTHY, all.status());
    assertEquals("1", all.leader(), "the member reporting 'leader' is the leader");
    assertEquals(4, all.membersUp());

    EnsembleHealth observerDown =
        HeartbeatReadings.of(
                List.of(agent("a", T, up("pay.zk", true, true, false, false))), T.plusSeconds(30))
            .health("pay.zk", THREE_AND_OBSERVER);
    assertEquals(HealthStatus.DEGRADED, observerDown.status());

    EnsembleHealth noQuorum =
        HeartbeatReadings.of(
                List.of(agent("a", T, up("pay.zk", true, false, false, true))), T.plusSeconds(30))
            .health("pay.zk", THREE_AND_OBSERVER);
    assertEquals(HealthStatus.UNHEALTHY, noQuorum.status(), "an observer does not make a quorum");

    EnsembleHealth unknown =
        HeartbeatReadings.of(List.of(), T.plusSeconds(30)).health("pay.zk", THREE_AND_OBSERVER);
    assertEquals(HealthStatus.UNKNOWN, unknown.status());
    assertNull(unknown.shippingLagSeconds());
  }

  @Test
  void newerHeartbeatWinsAndDottedNamesParse() {
    Map<String, String> old = up("a.b.c", false, false, false);
    Map<String, String> fresh = up("a.b.c", true, true, true);
    fresh.put("ensemble.a.b.c.leader", "2");
    fresh.put("shipping.a.b.c.lag_seconds", "1.5");
    fresh.put("member.a.b.c.2.last_zxid", "0x100000007");
    HeartbeatReadings r =
        HeartbeatReadings.of(
            List.of(agent("new", T.plusSeconds(10), fresh), agent("old", T, old)),
            T.plusSeconds(30));
    List<Member> three = THREE_AND_OBSERVER.subList(0, 3);
    EnsembleHealth h = r.health("a.b.c", three);
    assertEquals(HealthStatus.HEALTHY, h.status());
    assertEquals("2", h.leader(), "the reported leader wins over member states");
    assertEquals(1.5, h.shippingLagSeconds());
    assertEquals("0x100000007", r.member("a.b.c", 2).lastZxid());
    assertEquals("new", r.member("a.b.c", 2).agent());
  }

  @Test
  void staleHeartbeatsSayNothing() {
    HeartbeatReadings r =
        HeartbeatReadings.of(
            List.of(agent("a", T, up("pay", true, true, true))), T.plus(Duration.ofMinutes(3)));
    assertEquals(HealthStatus.UNKNOWN, r.health("pay", THREE_AND_OBSERVER.subList(0, 3)).status());
    assertNull(r.member("pay", 1));
  }
}
