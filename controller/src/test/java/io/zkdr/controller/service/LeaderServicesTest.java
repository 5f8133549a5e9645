package io.zkdr.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.controller.testing.Fixtures;
import io.zkdr.controller.testing.Http;
import io.zkdr.controller.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scheduler, dispatcher and retention on a real three-controller group with a hand-moved clock. */
class LeaderServicesTest {
  private static final LeaderServices.Intervals FAST =
      new LeaderServices.Intervals(
          Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(300));
  private final Http http = new Http();

  private ControllerCluster start(String name, MutableClock clock) throws Exception {
    ControllerCluster c =
        ControllerCluster.start(name, 100_000, Duration.ofSeconds(5), clock, FAST);
    c.awaitLeader(Duration.ofSeconds(15));
    for (String r : ControllerCluster.REGIONS) {
      assertEquals(200, http.put(c.url(0) + "/v1/regions/" + r, Fixtures.region(r)).status());
    }
    return c;
  }

  private List<JsonNode> jobs(ControllerCluster c, int node, String kind) throws Exception {
    JsonNode page = http.get(c.url(node) + "/v1/jobs?limit=1000&consistency=linearizable").json();
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode j : page.get("items")) {
      if (j.get("spec").get("kind").asText().equals(kind)) {
        out.add(j);
      }
    }
    return out;
  }

  private List<JsonNode> awaitJobs(ControllerCluster c, int node, String kind, int count)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<JsonNode> found = jobs(c, node, kind);
    while (found.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
      found = jobs(c, node, kind);
    }
    assertEquals(count, found.size(), "jobs of kind " + kind + ": " + found);
    return found;
  }

  private static int other(int a, int b) {
    for (int i = 0; i < 3; i++) {
      if (i != a && i != b) {
        return i;
      }
    }
    throw new IllegalArgumentException();
  }

  @Test
  void aMissedTickAfterFailoverRunsOnceOnTheNewLeader() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:30Z"));
    try (ControllerCluster c = start("scheduler", clock)) {
      var p = http.put(c.url(1) + "/v1/policies/hourly", Map.of("fullBackupCron", "0 * * * *"));
      assertEquals(200, p.status(), p.text());
      Map<String, Object> ens = new HashMap<>(Fixtures.ensemble("us-east"));
      ens.put("policy", "hourly");
      assertEquals(200, http.put(c.url(2) + "/v1/ensembles/pay-zk", ens).status());
      int leader = c.awaitLeader(Duration.ofSeconds(5));
      List<JsonNode> first = awaitJobs(c, leader, "CAPTURE_FULL", 1);
      long tick10 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
      assertEquals("pay-zk-full-" + tick10, first.get(0).get("id").asText());
      Thread.sleep(600); // several more scheduler passes at the same time: no second job
      assertEquals(1, jobs(c, leader, "CAPTURE_FULL").size());

      c.stopNode(leader);
      clock.set(Instant.parse("2026-03-01T15:00:30Z")); // five ticks missed
      int next = c.awaitLeader(Duration.ofSeconds(10));
      assertTrue(c.node(next).services().active());
      List<JsonNode> after = awaitJobs(c, next, "CAPTURE_FULL", 2);
      Thread.sleep(600);
      after = jobs(c, next, "CAPTURE_FULL");
      assertEquals(2, after.size(), "the missed ticks run once: " + after);
      long tick15 = Instant.parse("2026-03-01T15:00:00Z").toEpochMilli();
      assertTrue(
          after.stream().anyMatch(j -> j.get("id").asText().equals("pay-zk-full-" + tick15)));
      c.startNode(leader);
      Thread.sleep(600);
      assertFalse(c.node(leader).services().active(), "a follower runs no leader services");
    }
  }

  @Test
  void anExpiredLeaseReturnsTheJobAndTheStaleHolderCannotCompleteIt() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (ControllerCluster c = start("dispatcher", clock)) {
      assertEquals(
          200, http.put(c.url(0) + "/v1/ensembles/pay-zk", Fixtures.ensemble("us-east")).status());
      for (String a : new String[] {"agent-a", "agent-b"}) {
        var r =
            http.post(
                c.url(1) + "/v1/agents",
                Map.of("id", a, "site", "us-east-a", "region", "us-east", "version", "1"));
        assertEquals(200, r.status(), r.text());
      }
      var created =
          http.post(
              c.url(2) + "/v1/jobs",
              Map.of(
                  "id",
                  "verify-1",
                  "spec",
                  Map.of("kind", "VERIFY", "ensemble", "pay-zk", "region", "us-east")));
      assertEquals(201, created.status(), created.text());
      int leader = c.awaitLeader(Duration.ofSeconds(5));
      int lessee = (leader + 1) % 3;
      var leased = http.post(c.url(lessee) + "/v1/agents/agent-a/lease", Map.of("waitMs", 2000));
      assertEquals(200, leased.status(), leased.text());
      assertEquals(1, leased.json().get("status").get("attempts").asInt());

      c.stopNode(leader);
      clock.advance(Duration.ofSeconds(10)); // agent-a went silent; its lease ran out
      int next = c.awaitLeader(Duration.ofSeconds(10));
      int reader = other(leader, next);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String state = "";
      while (System.nanoTime() < deadline && !state.equals("PENDING")) {
        state =
            http.get(c.url(reader) + "/v1/jobs/verify-1?consistency=linearizable")
                .json()
                .get("status")
                .get("state")
                .asText();
        Thread.sleep(100);
      }
      assertEquals("PENDING", state, "the new leader's dispatcher expired the lease");
      var again = http.post(c.url(next) + "/v1/agents/agent-b/lease", Map.of("waitMs", 2000));
      assertEquals(200, again.status(), again.text());
      assertEquals(2, again.json().get("status").get("attempts").asInt());
      var done =
          http.post(
              c.url(reader) + "/v1/jobs/verify-1/complete",
              Map.of("agentId", "agent-b", "attempt", 2));
      assertEquals(200, done.status(), done.text());
      var stale =
          http.post(
              c.url(next) + "/v1/jobs/verify-1/complete",
              Map.of("agentId", "agent-a", "attempt", 1));
      assertEquals(409, stale.status(), stale.text());
      JsonNode job = http.get(c.url(next) + "/v1/jobs/verify-1?consistency=linearizable").json();
      assertEquals("SUCCEEDED", job.get("status").get("state").asText());
      assertEquals("agent-b", job.get("status").get("agentId").asText());
    }
  }

  @Test
  void aRetryableFailureWaitsForItsBackOff() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (ControllerCluster c = start("retry", clock)) {
      assertEquals(
          200, http.put(c.url(0) + "/v1/ensembles/pay-zk", Fixtures.ensemble("us-east")).status());
      assertEquals(
          200,
          http.post(
                  c.url(1) + "/v1/agents",
                  Map.of("id", "agent-a", "site", "s", "region", "us-east", "version", "1"))
              .status());
      assertEquals(
          201,
          http.post(
                  c.url(2) + "/v1/jobs",
                  Map.of("id", "rep-1", "spec", Map.of("kind", "REPLICATE", "ensemble", "pay-zk")))
              .status());
      var l1 = http.post(c.url(0) + "/v1/agents/agent-a/lease", Map.of("waitMs", 1000));
      assertEquals(200, l1.status(), l1.text());
      var f =
          http.post(
              c.url(0) + "/v1/jobs/rep-1/fail",
              Map.of(
                  "agentId",
                  "agent-a",
                  "attempt",
                  1,
                  "message",
                  "store unreachable",
                  "retryable",
                  true));
      assertEquals(200, f.status(), f.text());
      assertEquals("PENDING", f.json().get("status").get("state").asText());
      var early = http.post(c.url(1) + "/v1/agents/agent-a/lease", Map.of("waitMs", 300));
      assertEquals(204, early.status(), "still backing off: " + early.text());
      clock.advance(Duration.ofSeconds(2));
      var l2 = http.post(c.url(1) + "/v1/agents/agent-a/lease", Map.of("waitMs", 1000));
      assertEquals(200, l2.status(), l2.text());
      assertEquals(2, l2.json().get("status").get("attempts").asInt());
    }
  }

  @Test
  void retentionPrunesOldChainsButNotTheNewestOrARestoresInput() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    try (ControllerCluster c = start("retention", clock)) {
      Map<String, Object> policy =
          Map.of(
              "fullBackupCron",
              "0 2 * * *",
              "retention",
              Map.of("keepDaily", 1, "keepWeekly", 0, "keepMonthly", 0));
      assertEquals(200, http.put(c.url(0) + "/v1/policies/daily", policy).status());
      List<Object> batch = new ArrayList<>();
      Instant t = Instant.parse("2026-03-05T02:00:00Z");
      for (int d = 0; d < 4; d++) {
        long z = 100 + d * 10;
        batch.add(
            Fixtures.backup(
                "full-" + d, "pay-zk", "FULL", z, z, t.plus(Duration.ofDays(d)), "us-east"));
        batch.add(
            Fixtures.backup(
                "inc-" + d,
                "pay-zk",
                "INCREMENTAL",
                z,
                z + 5,
                t.plus(Duration.ofDays(d)).plusSeconds(60),
                "us-east"));
      }
      assertEquals(
          200, http.put(c.url(1) + "/v1/ensembles/pay-zk", Fixtures.ensemble("us-east")).status());
      assertEquals(
          201, http.post(c.url(1) + "/v1/backup-batches", Map.of("backups", batch)).status());
      var restore =
          http.post(
              c.url(2) + "/v1/jobs",
              Map.of(
                  "id",
                  "restore-1",
                  "spec",
                  Map.of(
                      "kind",
                      "RESTORE",
                      "ensemble",
                      "pay-zk",
                      "params",
                      Map.of("backupId", "inc-1"))));
      assertEquals(201, restore.status(), restore.text());
      Map<String, Object> ens = new HashMap<>(Fixtures.ensemble("us-east"));
      ens.put("policy", "daily");
      assertEquals(200, http.put(c.url(1) + "/v1/ensembles/pay-zk", ens).status());
      // One job per pruned chain and region, naming the chain's zxid range.
      List<JsonNode> prunes = awaitJobs(c, 0, "PRUNE", 2);
      List<String> ids = prunes.stream().map(j -> j.get("id").asText()).sorted().toList();
      assertEquals(List.of("prune-full-0-us-east", "prune-full-2-us-east"), ids);
      for (JsonNode j : prunes) {
        JsonNode params = j.get("spec").get("params");
        assertEquals("chain", params.get("scope").asText());
        long z = j.get("id").asText().contains("full-0") ? 100 : 120;
        assertEquals("0x" + Long.toHexString(z), params.get("fromZxid").asText());
        assertEquals("0x" + Long.toHexString(z + 5), params.get("toZxid").asText());
      }
      assertEquals(
          200,
          http.post(
                  c.url(0) + "/v1/agents",
                  Map.of("id", "pruner", "site", "s", "region", "us-east", "version", "1"))
              .status());
      var leased =
          http.post(
              c.url(0) + "/v1/agents/pruner/lease",
              Map.of("kinds", List.of("PRUNE"), "waitMs", 2000));
      assertEquals(200, leased.status(), leased.text());
      String jobId = leased.json().get("id").asText();
      String backupId = leased.json().get("spec").get("params").get("backupId").asText();
      var done =
          http.post(
              c.url(1) + "/v1/jobs/" + jobId + "/complete",
              Map.of("agentId", "pruner", "attempt", 1));
      assertEquals(200, done.status(), done.text());
      // The whole chain is gone: its full and its increment; the other chains stay.
      String incId = backupId.replace("full-", "inc-");
      for (String gone : List.of(backupId, incId)) {
        assertEquals(
            404,
            http.get(c.url(2) + "/v1/backups/" + gone + "?consistency=linearizable").status(),
            gone);
      }
      for (String kept : List.of("full-1", "inc-1", "full-3", "inc-3")) {
        assertEquals(
            200,
            http.get(c.url(2) + "/v1/backups/" + kept + "?consistency=linearizable").status(),
            kept);
      }
      Thread.sleep(700);
      assertEquals(2, jobs(c, 0, "PRUNE").size(), "retention does not repeat itself");
    }
  }
}
