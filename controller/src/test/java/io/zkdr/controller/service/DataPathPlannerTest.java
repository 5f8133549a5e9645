package io.zkdr.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** The leader's data-path planner and the binding of member-bound jobs to the members' site. */
class DataPathPlannerTest {
  private static final LeaderServices.Intervals FAST =
      new LeaderServices.Intervals(
          Duration.ofMillis(200),
          Duration.ofMillis(200),
          Duration.ofMinutes(10),
          Duration.ofMillis(200));
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:30Z");
  private final Http http = new Http();

  private ControllerCluster start(String name) throws Exception {
    ControllerCluster c =
        ControllerCluster.start(name, 100_000, Duration.ofSeconds(5), new MutableClock(NOW), FAST);
    c.awaitLeader(Duration.ofSeconds(15));
    for (String r : ControllerCluster.REGIONS) {
      assertEquals(200, http.put(c.url(0) + "/v1/regions/" + r, Fixtures.region(r)).status());
    }
    // The agent next to the members registers its site in us-east.
    var reg =
        http.post(
            c.url(0) + "/v1/agents",
            Map.of("id", "agent-a", "site", "us-east-a", "region", "us-east", "version", "1"));
    assertEquals(200, reg.status(), reg.text());
    return c;
  }

  private void putPolicy(ControllerCluster c, String mode, int testRestoreEvery) throws Exception {
    Map<String, Object> policy = new HashMap<>();
    policy.put("fullBackupCron", "0 0 1 1 *");
    policy.put("incrementalMode", mode);
    policy.put("replicateTo", List.of("eu-west", "ap-south"));
    policy.put("verification", Map.of("everyBackup", true, "testRestoreEvery", testRestoreEvery));
    var p = http.put(c.url(1) + "/v1/policies/dr", policy);
    assertEquals(200, p.status(), p.text());
    Map<String, Object> ens = new HashMap<>(Fixtures.ensemble("us-east", "eu-west"));
    ens.put("policy", "dr");
    var e = http.put(c.url(2) + "/v1/ensembles/pay-zk", ens);
    assertEquals(200, e.status(), e.text());
  }

  private List<JsonNode> jobs(ControllerCluster c, String kind) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    int leader = c.awaitLeader(Duration.ofSeconds(5));
    JsonNode page = http.get(c.url(leader) + "/v1/jobs?limit=1000&consistency=linearizable").json();
    for (JsonNode j : page.get("items")) {
      if (j.get("spec").get("kind").asText().equals(kind)) {
        out.add(j);
      }
    }
    return out;
  }

  private List<JsonNode> awaitJobs(ControllerCluster c, String kind, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<JsonNode> found = jobs(c, kind);
    while (found.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
      found = jobs(c, kind);
    }
    assertEquals(count, found.size(), "jobs of kind " + kind + ": " + found);
    return found;
  }

  @Test
  void continuousShippingKeepsOneShipLogJobBoundToTheMembersSite() throws Exception {
    try (ControllerCluster c = start("planner-ship")) {
      putPolicy(c, "CONTINUOUS", 0);
      JsonNode job = awaitJobs(c, "SHIP_LOG", 1).get(0);
      assertEquals("us-east-a", job.get("spec").get("site").asText(), job.toString());
      assertEquals("us-east", job.get("spec").get("region").asText());
      Thread.sleep(800); // more passes: still one
      assertEquals(1, jobs(c, "SHIP_LOG").size());

      // Cancelled (or failed for good): the planner starts shipping again under a new id.
      String id = job.get("id").asText();
      var cancel = http.post(c.url(0) + "/v1/jobs/" + id + "/cancel", Map.of("reason", "test"));
      assertEquals(200, cancel.status(), cancel.text());
      List<JsonNode> after = awaitJobs(c, "SHIP_LOG", 2);
      assertTrue(
          after.stream().anyMatch(j -> j.get("status").get("state").asText().equals("PENDING")));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void recentBackupsGetReplicationAndVerificationJobsOnce() throws Exception {
    try (ControllerCluster c = start("planner-backups")) {
      putPolicy(c, "NONE", 2);
      Instant old = NOW.minusSeconds(120);
      for (int i = 1; i <= 3; i++) {
        Map<String, Object> body =
            new HashMap<>(
                Fixtures.backup(
                    "full-" + i,
                    "pay-zk",
                    "FULL",
                    100L * i,
                    100L * i,
                    old.plusSeconds(i),
                    "us-east"));
        if (i == 1) { // already copied to eu-west: only ap-south is missing
          Map<String, Object> copies = new HashMap<>((Map<String, Object>) body.get("copies"));
          copies.put(
              "eu-west",
              Map.of("region", "eu-west", "uri", "file:///x", "checksum", Fixtures.CHECKSUM));
          body.put("copies", copies);
        }
        var b = http.post(c.url(i % 3) + "/v1/backups", body);
        assertEquals(201, b.status(), b.text());
      }
      // Too young: left to the agent still writing it.
      var young =
          http.post(
              c.url(0) + "/v1/backups",
              Fixtures.backup("full-young", "pay-zk", "FULL", 400, 400, NOW, "us-east"));
      assertEquals(201, young.status(), young.text());

      List<JsonNode> replicate = awaitJobs(c, "REPLICATE", 5);
      List<JsonNode> verify = awaitJobs(c, "VERIFY", 3);
      Thread.sleep(800); // more passes create nothing new
      assertEquals(5, jobs(c, "REPLICATE").size());
      assertEquals(3, jobs(c, "VERIFY").size());

      for (JsonNode j : replicate) {
        String id = j.get("id").asText();
        assertNotEquals("replicate-full-1-eu-west", id);
        assertFalse(id.contains("young"), id);
        String region = j.get("spec").get("region").asText();
        assertEquals(
            "replicate-" + j.get("spec").get("params").get("backupId").asText() + "-" + region, id);
        assertFalse(j.get("spec").hasNonNull("site"), j.toString());
      }
      int testRestores = 0;
      for (JsonNode j : verify) {
        JsonNode params = j.get("spec").get("params");
        assertEquals("us-east", params.get("region").asText());
        if (params.get("testRestore").asBoolean()) {
          testRestores++;
        }
      }
      assertEquals(2, testRestores, "a test restore for the 1st and 3rd full: " + verify);
    }
  }

  @Test
  void aCaptureJobWithoutSiteIsBoundToTheMembersSite() throws Exception {
    try (ControllerCluster c = start("planner-bind")) {
      putPolicy(c, "NONE", 0);
      var created =
          http.post(
              c.url(1) + "/v1/jobs",
              Map.of(
                  "id",
                  "manual-full",
                  "spec",
                  Map.of("kind", "CAPTURE_FULL", "ensemble", "pay-zk")));
      assertEquals(201, created.status(), created.text());
      JsonNode spec = created.json().get("spec");
      assertEquals("us-east-a", spec.get("site").asText());
      assertEquals("us-east", spec.get("region").asText());

      var restore =
          http.post(
              c.url(1) + "/v1/jobs",
              Map.of(
                  "id",
                  "restore-members",
                  "spec",
                  Map.of(
                      "kind",
                      "RESTORE",
                      "ensemble",
                      "pay-zk",
                      "region",
                      "eu-west",
                      "params",
                      Map.of("target", "members"))));
      assertEquals(201, restore.status(), restore.text());
      JsonNode rspec = restore.json().get("spec");
      assertEquals("us-east-a", rspec.get("site").asText());
      assertEquals("eu-west", rspec.get("params").get("sourceRegion").asText());

      var scratch =
          http.post(
              c.url(1) + "/v1/jobs",
              Map.of(
                  "id",
                  "restore-scratch",
                  "spec",
                  Map.of("kind", "RESTORE", "ensemble", "pay-zk", "region", "eu-west")));
      assertEquals(201, scratch.status(), scratch.text());
      assertTrue(
          !scratch.json().get("spec").hasNonNull("site"), "a scratch restore runs in any site");
    }
  }
}
