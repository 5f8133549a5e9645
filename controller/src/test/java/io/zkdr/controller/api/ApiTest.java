package io.zkdr.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.controller.testing.Fixtures;
import io.zkdr.controller.testing.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API against three real controllers: bad input, agent endpoints, health, metrics. */
class ApiTest {
  private static ControllerCluster cluster;
  private static final Http http = new Http();
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @BeforeAll
  static void start() throws Exception {
    cluster = ControllerCluster.start("api");
    cluster.awaitLeader(Duration.ofSeconds(15));
    for (String r : ControllerCluster.REGIONS) {
      assertEquals(200, http.put(url(0, "/v1/regions/" + r), Fixtures.region(r)).status());
    }
    assertEquals(
        200, http.put(url(1, "/v1/ensembles/orders-zk"), Fixtures.ensemble("us-east")).status());
    assertEquals(
        201,
        http.post(
                url(2, "/v1/backups"),
                Fixtures.backup("o1", "orders-zk", "FULL", 0x10, 0x10, T0, "us-east"))
            .status());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String url(int node, String path) {
    return cluster.url(node) + path;
  }

  /** Everything but the audit trail, as seen through the API. */
  private static String catalogView() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String p :
        List.of(
            "/v1/regions",
            "/v1/ensembles",
            "/v1/policies",
            "/v1/ensembles/orders-zk/backups",
            "/v1/jobs",
            "/v1/agents",
            "/v1/drills")) {
      sb.append(http.get(url(0, p + "?consistency=linearizable&limit=1000")).text()).append('\n');
    }
    return sb.toString();
  }

  private static void assertError(Http.Response r, int status, String code, String mention) {
    assertEquals(status, r.status(), r.text());
    assertEquals(code, r.json().get("code").asText(), r.text());
    assertTrue(
        r.json().get("message").asText().contains(mention),
        "message should name '" + mention + "': " + r.text());
  }

  @Test
  void aCreatedBackupIsAnsweredAsStoredAndOnlyOnce() throws Exception {
    var b =
        Fixtures.backup("echo-1", "orders-zk", "FULL", 0x20, 0x20, T0.plusSeconds(5), "eu-west");
    var created = http.post(url(1, "/v1/backups"), b);
    assertEquals(201, created.status(), created.text());
    var stored = http.get(url(1, "/v1/backups/echo-1?consistency=linearizable"));
    assertEquals(200, stored.status(), stored.text());
    assertEquals(stored.json(), created.json());
    String before = catalogView();
    assertError(http.post(url(2, "/v1/backups"), b), 409, "ALREADY_EXISTS", "echo-1");
    assertEquals(before, catalogView());
  }

  @Test
  void badInputIsRejectedWithoutChangingTheCatalog() throws Exception {
    String before = catalogView();
    assertError(http.post(url(0, "/v1/backups"), "{\"id\": \"x\", "), 400, "INVALID", "");
    Map<String, Object> unknownField =
        new HashMap<>(Fixtures.backup("x1", "orders-zk", "FULL", 1, 1, T0, "us-east"));
    unknownField.put("colour", "blue");
    assertError(http.post(url(1, "/v1/backups"), unknownField), 400, "INVALID", "colour");
    Map<String, Object> missing =
        new HashMap<>(Fixtures.backup("x2", "orders-zk", "FULL", 1, 1, T0, "us-east"));
    missing.remove("kind");
    assertError(http.post(url(2, "/v1/backups"), missing), 400, "INVALID", "kind");
    Map<String, Object> wrongType =
        new HashMap<>(Fixtures.backup("x3", "orders-zk", "FULL", 1, 1, T0, "us-east"));
    wrongType.put("sizeBytes", "big");
    assertError(http.post(url(0, "/v1/backups"), wrongType), 400, "INVALID", "sizeBytes");
    Map<String, Object> badZxid =
        new HashMap<>(Fixtures.backup("x4", "orders-zk", "FULL", 1, 1, T0, "us-east"));
    badZxid.put("toZxid", 12);
    assertError(http.post(url(0, "/v1/backups"), badZxid), 400, "INVALID", "toZxid");
    byte[] huge = new byte[3 << 20];
    java.util.Arrays.fill(huge, (byte) ' ');
    var tooLarge = http.post(url(1, "/v1/backups"), huge);
    assertEquals(413, tooLarge.status(), tooLarge.text());
    assertEquals("PAYLOAD_TOO_LARGE", tooLarge.json().get("code").asText());
    assertError(
        http.post(
            url(2, "/v1/backups"),
            Fixtures.backup("x5", "no-such-zk", "FULL", 1, 1, T0, "us-east")),
        404,
        "NOT_FOUND",
        "no-such-zk");
    assertError(
        http.post(
            url(2, "/v1/backups"), Fixtures.backup("o1", "orders-zk", "FULL", 9, 9, T0, "us-east")),
        409,
        "ALREADY_EXISTS",
        "o1");
    assertError(
        http.post(
            url(0, "/v1/backups"),
            Fixtures.backup("x6", "orders-zk", "INCREMENTAL", 9, 9, T0, "us-east")),
        400,
        "INVALID",
        "fromZxid < toZxid");
    assertError(
        http.put(url(0, "/v1/ensembles/bad-zk"), Fixtures.ensemble("mars")),
        404,
        "NOT_FOUND",
        "mars");
    assertError(
        http.post(
            url(1, "/v1/backups/none/copies"),
            Map.of("region", "us-east", "uri", "file:///x", "checksum", Fixtures.CHECKSUM)),
        404,
        "NOT_FOUND",
        "none");
    assertError(http.get(url(0, "/v1/backups/none")), 404, "NOT_FOUND", "none");
    assertError(
        http.put(url(0, "/v1/policies/p"), Map.of("fullBackupCron", "every day")),
        400,
        "INVALID",
        "fullBackupCron");
    assertError(http.get(url(0, "/v1/jobs?state=SLEEPING")), 400, "INVALID", "state");
    assertError(http.get(url(0, "/v1/nothing-here")), 404, "NOT_FOUND", "nothing-here");
    var created =
        http.post(
            url(0, "/v1/jobs"),
            Map.of("id", "j-illegal", "spec", Map.of("kind", "VERIFY", "ensemble", "orders-zk")));
    assertEquals(201, created.status(), created.text());
    String afterJob = catalogView();
    assertError(
        http.post(url(1, "/v1/jobs/j-illegal/complete"), Map.of("agentId", "a", "attempt", 1)),
        409,
        "CONFLICT",
        "j-illegal");
    assertError(
        http.post(url(1, "/v1/jobs/none/cancel"), Map.of("reason", "x")), 404, "NOT_FOUND", "none");
    assertEquals(afterJob, catalogView());
    assertTrue(before.length() > 0);
    for (int i = 0; i < cluster.size(); i++) {
      assertEquals(200, http.get(url(i, "/health/live")).status());
      assertEquals(200, http.get(url(i, "/health/ready")).status());
    }
    JsonNode audit = http.get(url(0, "/v1/audit?consistency=linearizable&limit=1000")).json();
    boolean rejectedAudited = false;
    for (JsonNode e : audit.get("items")) {
      rejectedAudited |= e.get("outcome").asText().equals("ALREADY_EXISTS");
    }
    assertTrue(rejectedAudited, "rejected commands are audited: " + audit);
  }

  @Test
  void agentLeasesReportsAndCompletesAJobExactlyOnce() throws Exception {
    var reg =
        http.post(
            url(2, "/v1/agents"),
            Map.of("id", "agent-1", "site", "us-east-a", "region", "us-east", "version", "0.1"));
    assertEquals(200, reg.status(), reg.text());
    var hb =
        http.post(
            url(1, "/v1/agents/agent-1/heartbeat"),
            Map.of(
                "health",
                Map.of("status", "HEALTHY", "details", Map.of("zk_server_state", "leader"))));
    assertEquals(200, hb.status(), hb.text());
    assertEquals("HEALTHY", hb.json().get("health").get("status").asText());
    var none =
        http.post(
            url(0, "/v1/agents/agent-1/lease"), Map.of("kinds", List.of("RESTORE"), "waitMs", 300));
    assertEquals(204, none.status(), none.text());
    var job =
        http.post(
            url(0, "/v1/jobs"),
            Map.of(
                "id",
                "cap-1",
                "spec",
                Map.of("kind", "CAPTURE_FULL", "ensemble", "orders-zk", "region", "us-east")));
    assertEquals(201, job.status(), job.text());
    var leased =
        http.post(
            url(1, "/v1/agents/agent-1/lease"),
            Map.of("kinds", List.of("CAPTURE_FULL"), "waitMs", 5000));
    assertEquals(200, leased.status(), leased.text());
    assertEquals("cap-1", leased.json().get("id").asText());
    assertEquals("LEASED", leased.json().get("status").get("state").asText());
    int attempt = leased.json().get("status").get("attempts").asInt();
    var progress =
        http.post(
            url(2, "/v1/jobs/cap-1/progress"),
            Map.of("agentId", "agent-1", "attempt", attempt, "progress", "50%"));
    assertEquals(200, progress.status(), progress.text());
    Map<String, Object> done =
        Map.of("agentId", "agent-1", "attempt", attempt, "result", Map.of("backupId", "b-42"));
    var complete = http.post(url(0, "/v1/jobs/cap-1/complete"), done);
    assertEquals(200, complete.status(), complete.text());
    assertEquals("SUCCEEDED", complete.json().get("status").get("state").asText());
    var again = http.post(url(1, "/v1/jobs/cap-1/complete"), done);
    assertEquals(200, again.status(), "a repeated completion is idempotent: " + again.text());
    var fail =
        http.post(
            url(1, "/v1/jobs/cap-1/fail"),
            Map.of("agentId", "agent-1", "attempt", attempt, "message", "late", "retryable", true));
    assertEquals(409, fail.status(), fail.text());
    var byAgent = http.get(url(2, "/v1/jobs?agent=agent-1&consistency=linearizable"));
    assertEquals(1, byAgent.json().get("items").size(), byAgent.text());
  }

  @Test
  void contractHealthAndMetricsAreServed() throws Exception {
    var spec = http.get(url(1, "/v1/openapi.yaml"));
    assertEquals(200, spec.status());
    assertTrue(spec.text().contains("operationId: leaseJob"));
    var metrics = http.get(url(0, "/metrics"));
    assertEquals(200, metrics.status());
    for (String m :
        List.of(
            "zkdr_raft_term",
            "zkdr_raft_role",
            "zkdr_raft_applied_index",
            "zkdr_jobs{",
            "zkdr_catalog_entries{",
            "zkdr_http_requests")) {
      assertTrue(metrics.text().contains(m), "metrics lack " + m);
    }
    var clusterView = http.get(url(2, "/v1/cluster"));
    assertEquals(200, clusterView.status());
    assertTrue(clusterView.json().get("term").asLong() > 0);
  }

  @Test
  void listsArePaginatedAndQueriesFollowZxidsAndChains() throws Exception {
    assertEquals(
        200, http.put(url(0, "/v1/ensembles/chain-zk"), Fixtures.ensemble("eu-west")).status());
    List<Object> batch = new java.util.ArrayList<>();
    batch.add(Fixtures.backup("c-full-1", "chain-zk", "FULL", 100, 100, T0, "eu-west"));
    for (int i = 0; i < 5; i++) {
      batch.add(
          Fixtures.backup(
              "c-inc-" + i,
              "chain-zk",
              "INCREMENTAL",
              100 + i * 10,
              110 + i * 10,
              T0.plusSeconds(60 * (i + 1)),
              "eu-west"));
    }
    // a gap: (150, 160] is missing
    batch.add(
        Fixtures.backup(
            "c-inc-late", "chain-zk", "INCREMENTAL", 160, 170, T0.plusSeconds(600), "eu-west"));
    batch.add(
        Fixtures.backup("c-full-2", "chain-zk", "FULL", 200, 200, T0.plusSeconds(3600), "us-east"));
    var w = http.post(url(1, "/v1/backup-batches"), Map.of("backups", batch));
    assertEquals(201, w.status(), w.text());
    assertEquals(8, w.json().get("written").asInt());
    var page1 = http.get(url(2, "/v1/ensembles/chain-zk/backups?limit=3&consistency=linearizable"));
    assertEquals(3, page1.json().get("items").size());
    String token = page1.json().get("nextPageToken").asText();
    var page2 = http.get(url(2, "/v1/ensembles/chain-zk/backups?limit=10&pageToken=" + token));
    assertEquals(5, page2.json().get("items").size());
    assertTrue(page2.json().get("nextPageToken") == null);
    var byZxid = http.get(url(0, "/v1/ensembles/chain-zk/backups?fromZxid=0x78&toZxid=0x96"));
    assertEquals(4, byZxid.json().get("items").size(), byZxid.text());
    // Lists carry the stored records as they are: each item equals the backup's own answer.
    var byTime =
        http.get(
            url(
                1,
                "/v1/ensembles/chain-zk/backups?from="
                    + T0.plusSeconds(60)
                    + "&to="
                    + T0.plusSeconds(180)
                    + "&consistency=linearizable"));
    assertEquals(2, byTime.json().get("items").size(), byTime.text());
    for (JsonNode item : byTime.json().get("items")) {
      String id = item.get("id").asText();
      assertTrue(id.equals("c-inc-0") || id.equals("c-inc-1"), byTime.text());
      assertEquals(http.get(url(1, "/v1/backups/" + id)).json(), item);
    }
    assertError(
        http.get(url(2, "/v1/ensembles/chain-zk/backups?from=yesterday")), 400, "INVALID", "from");
    var inEu = http.get(url(0, "/v1/ensembles/chain-zk/restorable?region=eu-west")).json();
    JsonNode chain = inEu.get("regions").get(0).get("chains").get(0);
    assertEquals("0x64", chain.get("covered").get("from").asText());
    assertEquals("0x96", chain.get("covered").get("to").asText());
    assertEquals("0x97", chain.get("gaps").get(0).get("from").asText());
    assertEquals("0xa0", chain.get("gaps").get(0).get("to").asText());
    JsonNode all = http.get(url(0, "/v1/ensembles/chain-zk/restorable")).json().get("regions");
    assertEquals(2, all.size(), all.toString());
    assertEquals("eu-west", all.get(0).get("region").asText());
    assertEquals(1, all.get(0).get("chains").size());
    assertEquals("us-east", all.get(1).get("region").asText());
    assertEquals("c-full-2", all.get(1).get("chains").get(0).get("fullBackupId").asText());
    var latestAny = http.get(url(0, "/v1/ensembles/chain-zk/restorable/latest")).json();
    assertEquals("c-full-2", latestAny.get("fullBackupId").asText());
    // Asked again, the answer is the kept one; a new increment replaces it.
    assertEquals(latestAny, http.get(url(0, "/v1/ensembles/chain-zk/restorable/latest")).json());
    var inc =
        http.post(
            url(1, "/v1/backups"),
            Fixtures.backup(
                "c-inc-6", "chain-zk", "INCREMENTAL", 200, 210, T0.plusSeconds(4000), "us-east"));
    assertEquals(201, inc.status(), inc.text());
    var afterInc =
        http.get(url(0, "/v1/ensembles/chain-zk/restorable/latest?consistency=linearizable"))
            .json();
    assertEquals("c-inc-6", afterInc.get("lastBackupId").asText());
    assertEquals(afterInc, http.get(url(0, "/v1/ensembles/chain-zk/restorable/latest")).json());
    for (int i = 0; i < 2; i++) {
      assertError(
          http.get(url(0, "/v1/ensembles/chain-zk/restorable/latest?region=ap-south")),
          404,
          "NOT_FOUND",
          "ap-south");
    }
    var latestEu =
        http.get(url(0, "/v1/ensembles/chain-zk/restorable/latest?region=eu-west")).json();
    assertEquals("c-inc-4", latestEu.get("lastBackupId").asText());
    assertEquals(404, http.get(url(0, "/v1/ensembles/chain-zk/backups/latest-verified")).status());
    var v =
        http.post(
            url(0, "/v1/backups/c-inc-2/verifications"),
            Map.of("at", T0.plusSeconds(7200).toString(), "region", "eu-west", "passed", true));
    assertEquals(200, v.status(), v.text());
    assertEquals(
        "c-inc-2",
        http.get(url(1, "/v1/ensembles/chain-zk/backups/latest-verified?consistency=linearizable"))
            .json()
            .get("id")
            .asText());
  }

  @Test
  void removingAnEnsembleCancelsItsPendingJobsRefusesWhileOneRunsAndKeepsItsBackups()
      throws Exception {
    assertEquals(
        200, http.put(url(0, "/v1/ensembles/gone-zk"), Fixtures.ensemble("us-east")).status());
    assertEquals(
        201,
        http.post(
                url(0, "/v1/backups"),
                Fixtures.backup("g1", "gone-zk", "FULL", 0x20, 0x20, T0, "us-east"))
            .status());
    for (String id : List.of("gone-verify", "gone-replicate")) {
      var job =
          http.post(
              url(1, "/v1/jobs"),
              Map.of(
                  "id",
                  id,
                  "spec",
                  Map.of("kind", "DRILL_STEP", "ensemble", "gone-zk", "region", "ap-south")));
      assertEquals(201, job.status(), job.text());
    }
    var agent =
        http.post(
            url(0, "/v1/agents"),
            Map.of("id", "remover", "site", "ap-south-a", "region", "ap-south", "version", "1"));
    assertEquals(200, agent.status(), agent.text());
    var leased =
        http.post(
            url(0, "/v1/agents/remover/lease"),
            Map.of("kinds", List.of("DRILL_STEP"), "waitMs", 2000));
    assertEquals(200, leased.status(), leased.text());
    String running = leased.json().get("id").asText();

    assertError(
        http.send("DELETE", url(2, "/v1/ensembles/gone-zk"), null), 409, "CONFLICT", running);
    assertEquals(200, http.get(url(0, "/v1/ensembles/gone-zk?consistency=linearizable")).status());

    var done =
        http.post(
            url(1, "/v1/jobs/" + running + "/complete"),
            Map.of("agentId", "remover", "attempt", 1));
    assertEquals(200, done.status(), done.text());
    var removed = http.send("DELETE", url(2, "/v1/ensembles/gone-zk"), null);
    assertEquals(200, removed.status(), removed.text());
    assertEquals("gone-zk", removed.json().get("name").asText());
    assertEquals(404, http.get(url(0, "/v1/ensembles/gone-zk?consistency=linearizable")).status());
    String other = running.equals("gone-verify") ? "gone-replicate" : "gone-verify";
    assertEquals(
        "CANCELLED",
        http.get(url(1, "/v1/jobs/" + other + "?consistency=linearizable"))
            .json()
            .get("status")
            .get("state")
            .asText());
    assertEquals(200, http.get(url(0, "/v1/backups/g1?consistency=linearizable")).status());
    assertError(
        http.send("DELETE", url(0, "/v1/ensembles/gone-zk"), null), 404, "NOT_FOUND", "gone-zk");
  }
}
