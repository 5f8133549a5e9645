package io.zkdr.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.controller.testing.Fixtures;
import io.zkdr.controller.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Writes a follower's API receives go to the leader's controller and share its log entries. */
class ForwardingTest {
  private static final String PATH = "/internal/v1/commands";
  private final Http http = new Http();
  private final HttpClient raw = HttpClient.newHttpClient();

  @Test
  void followersForwardTheirWritesAndTheLeaderLogsThem() throws Exception {
    try (ControllerCluster c = ControllerCluster.start("forwarding")) {
      int leader = c.awaitLeaderKnownByAll(Duration.ofSeconds(15));
      for (int i = 0; i < ControllerCluster.REGIONS.length; i++) {
        String r = ControllerCluster.REGIONS[i];
        assertEquals(200, http.put(c.url(i) + "/v1/regions/" + r, Fixtures.region(r)).status());
      }
      assertEquals(
          200,
          http.put(c.url(leader) + "/v1/ensembles/e", Fixtures.ensemble("us-east", "eu-west"))
              .status());
      long leaderCommandsBefore = c.node(leader).raft().commandsSubmitted();
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      int written = 0;
      for (int i = 0; i < c.size(); i++) {
        if (i == leader) {
          continue;
        }
        long followerEntries = c.node(i).raft().entriesSubmitted();
        long forwardedBefore = c.node(i).raft().commandsForwarded();
        for (int k = 0; k < 10; k++) {
          String id = "f" + i + "-" + k;
          var r =
              http.post(
                  c.url(i) + "/v1/backups",
                  Fixtures.backup(id, "e", "FULL", k + 1, k + 1, t0.plusSeconds(k), "us-east"));
          assertEquals(201, r.status(), r.text());
          written++;
        }
        // A rejection comes back through the forward as the catalog's answer.
        var dup =
            http.post(
                c.url(i) + "/v1/backups",
                Fixtures.backup("f" + i + "-0", "e", "FULL", 1, 1, t0, "us-east"));
        assertEquals(409, dup.status(), dup.text());
        assertTrue(dup.text().contains("f" + i + "-0"), dup.text());
        assertEquals(forwardedBefore + 11, c.node(i).raft().commandsForwarded());
        assertEquals(followerEntries, c.node(i).raft().entriesSubmitted());
      }
      // The leader's services may have submitted commands of their own meanwhile.
      assertTrue(
          c.node(leader).raft().commandsSubmitted() >= leaderCommandsBefore + written + 2,
          "leader submitted " + c.node(leader).raft().commandsSubmitted());
      for (int i = 0; i < c.size(); i++) {
        var list = http.get(c.url(i) + "/v1/ensembles/e/backups?consistency=linearizable");
        assertEquals(200, list.status(), list.text());
        assertEquals(written, list.json().get("items").size(), list.text());
      }
    }
  }

  @Test
  void theForwardEndpointRefusesWhatItCannotTakeAndChangesNothing() throws Exception {
    try (ControllerCluster c = ControllerCluster.start("forward-refusals")) {
      int leader = c.awaitLeaderKnownByAll(Duration.ofSeconds(15));
      assertEquals(
          200, http.put(c.url(leader) + "/v1/regions/us-east", Fixtures.region("r")).status());
      String region =
          "{\"v\":1,\"actor\":\"t\",\"at\":\"2026-01-01T00:00:00Z\",\"command\":"
              + "{\"type\":\"PutRegion\",\"region\":{\"name\":\"mars\"}}}";

      HttpResponse<String> follower = post(c.url((leader + 1) % 3), frame(region));
      assertEquals(421, follower.statusCode(), follower.body());
      assertTrue(follower.body().contains("NOT_LEADER"), follower.body());

      HttpResponse<String> garbage = post(c.url(leader), new byte[] {1, 2, 3});
      assertEquals(400, garbage.statusCode(), garbage.body());
      assertTrue(garbage.body().contains("command count"), garbage.body());

      HttpResponse<String> truncated =
          post(c.url(leader), ByteBuffer.allocate(8).putInt(1).putInt(99).array());
      assertEquals(400, truncated.statusCode(), truncated.body());
      assertTrue(truncated.body().contains("runs past the body"), truncated.body());

      // Spliced into a log entry as it is, so an envelope that is not one object could break it.
      HttpResponse<String> splice = post(c.url(leader), frame(region + "]}"));
      assertEquals(400, splice.statusCode(), splice.body());
      assertTrue(splice.body().contains("command 0"), splice.body());

      // Nothing of the refused forwards reached the catalog, not even as a rejected command (the
      // applied index may move: the leader's services submit commands of their own).
      assertEquals(404, http.get(c.url(leader) + "/v1/regions/mars").status());
      var audit = http.get(c.url(leader) + "/v1/audit?consistency=linearizable");
      assertEquals(200, audit.status(), audit.text());
      assertTrue(audit.text().contains("region/us-east"), audit.text());
      assertFalse(audit.text().contains("region/mars"), audit.text());
      assertEquals(200, http.get(c.url(leader) + "/health/ready").status());

      // A leader whose Raft member is stopping (its HTTP server still up) takes nothing more.
      c.node(leader).raft().close();
      HttpResponse<String> stopping = post(c.url(leader), frame(region));
      assertEquals(421, stopping.statusCode(), stopping.body());
    }
  }

  private static byte[] frame(String envelope) {
    byte[] e = envelope.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + e.length).putInt(1).putInt(e.length).put(e).array();
  }

  private HttpResponse<String> post(String base, byte[] body) throws Exception {
    return raw.send(
        HttpRequest.newBuilder(URI.create(base + PATH))
            .header("content-type", "application/x-zkdr-command-frames")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
