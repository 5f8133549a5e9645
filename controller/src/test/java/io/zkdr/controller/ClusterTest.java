package io.zkdr.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.controller.testing.Fixtures;
import io.zkdr.controller.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Three controllers on loopback: replication, leader loss, snapshot install, restart. */
class ClusterTest {
  private final Http http = new Http();

  private void seed(ControllerCluster c) throws Exception {
    for (int i = 0; i < ControllerCluster.REGIONS.length; i++) {
      String r = ControllerCluster.REGIONS[i];
      var resp = http.put(c.url(i) + "/v1/regions/" + r, Fixtures.region("region " + r));
      assertEquals(200, resp.status(), resp.text());
    }
    var e =
        http.put(c.url(1) + "/v1/ensembles/payments-zk", Fixtures.ensemble("us-east", "eu-west"));
    assertEquals(200, e.status(), e.text());
  }

  /** A GET that tries again after a client timeout until {@code deadline}. */
  private Http.Response getSettled(String url, long deadline) throws Exception {
    while (true) {
      try {
        return http.get(url);
      } catch (java.net.http.HttpTimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  @Test
  void writesThroughAnyControllerAreReadEverywhere() throws Exception {
    try (ControllerCluster c = ControllerCluster.start("writes")) {
      c.awaitLeader(Duration.ofSeconds(15));
      seed(c);
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      var full =
          http.post(
              c.url(2) + "/v1/backups",
              Fixtures.backup(
                  "b1", "payments-zk", "FULL", 0x100000010L, 0x100000010L, t0, "us-east"));
      assertEquals(201, full.status(), full.text());
      assertEquals("0x100000010", full.json().get("toZxid").asText());
      for (int i = 0; i < c.size(); i++) {
        var r = http.get(c.url(i) + "/v1/backups/b1?consistency=linearizable");
        assertEquals(200, r.status(), r.text());
        assertEquals("payments-zk", r.json().get("ensemble").asText());
        var ens = http.get(c.url(i) + "/v1/ensembles/payments-zk?consistency=linearizable");
        assertEquals("us-east", ens.json().get("status").get("activeRegion").asText());
      }
      var audit = http.get(c.url(0) + "/v1/audit?consistency=linearizable");
      assertEquals(200, audit.status(), audit.text());
      assertTrue(audit.json().get("items").size() >= 5, audit.text());
    }
  }

  @Test
  void leaderLossElectsANewLeaderAndKeepsEveryAcknowledgedWrite() throws Exception {
    try (ControllerCluster c = ControllerCluster.start("failover")) {
      int leader = c.awaitLeader(Duration.ofSeconds(15));
      seed(c);
      List<String> written = new ArrayList<>();
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 10; i++) {
        String id = "pre-" + i;
        var r =
            http.post(
                c.url(i % 3) + "/v1/backups",
                Fixtures.backup(
                    id, "payments-zk", "FULL", i + 1, i + 1, t0.plusSeconds(i), "us-east"));
        assertEquals(201, r.status(), r.text());
        written.add(id);
      }
      long killedAt = System.nanoTime();
      c.stopNode(leader);
      int next = c.awaitLeader(Duration.ofSeconds(10));
      long electionMs = (System.nanoTime() - killedAt) / 1_000_000;
      assertNotEquals(leader, next);
      assertTrue(electionMs < 10_000, "election took " + electionMs + " ms");
      int survivor = (leader + 1) % 3;
      var r =
          http.post(
              c.url(survivor) + "/v1/backups",
              Fixtures.backup(
                  "post", "payments-zk", "FULL", 100, 100, t0.plusSeconds(100), "us-east"));
      assertEquals(201, r.status(), r.text());
      written.add("post");
      for (int i = 0; i < 3; i++) {
        if (i == leader) {
          continue;
        }
        for (String id : written) {
          assertEquals(
              200,
              http.get(c.url(i) + "/v1/backups/" + id + "?consistency=linearizable").status(),
              id + " on " + i);
        }
      }
      // the old leader comes back as a follower and catches up
      c.startNode(leader);
      c.awaitApplied(c.node(next).raft().status().commitIndex(), Duration.ofSeconds(15));
      assertEquals(200, http.get(c.url(leader) + "/v1/backups/post").status());
    }
  }

  @Test
  void followerBehindThePurgedLogInstallsASnapshot() throws Exception {
    try (ControllerCluster c = ControllerCluster.start("snapshot", 40, Duration.ofSeconds(30))) {
      int leader = c.awaitLeader(Duration.ofSeconds(15));
      seed(c);
      int follower = (leader + 1) % 3;
      c.stopNode(follower);
      int writer = (leader + 2) % 3;
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 200; i++) {
        var r =
            http.post(
                c.url(writer) + "/v1/backups",
                Fixtures.backup(
                    "s-" + i, "payments-zk", "FULL", i + 1, i + 1, t0.plusSeconds(i), "us-east"));
        assertEquals(201, r.status(), r.text());
      }
      Path leaderRaft = c.config(leader).storageDir().resolve("raft");
      assertTrue(
          waitFor(() -> firstLogIndex(leaderRaft) > 50, Duration.ofSeconds(10)),
          "leader should have purged its log");
      c.startNode(follower);
      long commit = c.node(leader).raft().status().commitIndex();
      c.awaitApplied(commit, Duration.ofSeconds(20));
      Path snapshots = findDir(c.config(follower).storageDir().resolve("raft"), "snapshots");
      try (Stream<Path> s = Files.list(snapshots)) {
        assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("snapshot.")));
      }
      var r = http.get(c.url(follower) + "/v1/backups/s-199");
      assertEquals(200, r.status(), r.text());
      var page = http.get(c.url(follower) + "/v1/ensembles/payments-zk/backups?limit=1000");
      assertEquals(200, page.json().get("items").size());
    }
  }

  @Test
  void restartOfAllControllersLosesNothing() throws Exception {
    try (ControllerCluster c = ControllerCluster.start("restart", 30, Duration.ofSeconds(30))) {
      c.awaitLeader(Duration.ofSeconds(15));
      seed(c);
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 60; i++) {
        var r =
            http.post(
                c.url(i % 3) + "/v1/backups",
                Fixtures.backup(
                    "r-" + i, "payments-zk", "FULL", i + 1, i + 1, t0.plusSeconds(i), "eu-west"));
        assertEquals(201, r.status(), r.text());
      }
      for (int i = 0; i < 3; i++) {
        c.stopNode(i);
      }
      for (int i = 0; i < 3; i++) {
        c.startNode(i);
      }
      c.awaitLeaderKnownByAll(Duration.ofSeconds(15));
      for (int i = 0; i < 3; i++) {
        // Right after a restart of all three an election may still move the leadership; a
        // linearizable read answers 503 until it settles, and a client tries again.
        String url =
            c.url(i) + "/v1/ensembles/payments-zk/backups?limit=1000&consistency=linearizable";
        // (The barrier may also wait past the client's timeout while the replay settles.)
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        var page = getSettled(url, deadline);
        while (page.status() == 503 && System.nanoTime() < deadline) {
          Thread.sleep(200);
          page = getSettled(url, deadline);
        }
        assertEquals(200, page.status(), page.text());
        assertEquals(60, page.json().get("items").size(), "controller " + i);
      }
      var write =
          http.post(
              c.url(0) + "/v1/backups",
              Fixtures.backup("after", "payments-zk", "FULL", 1000, 1000, t0, "eu-west"));
      assertEquals(201, write.status(), write.text());
      var dup =
          http.post(
              c.url(1) + "/v1/backups",
              Fixtures.backup("r-5", "payments-zk", "FULL", 5000, 5000, t0, "eu-west"));
      assertEquals(409, dup.status(), dup.text());
      assertEquals("ALREADY_EXISTS", dup.json().get("code").asText());
    }
  }

  static long firstLogIndex(Path raftDir) {
    try {
      Path current = findDir(raftDir, "current");
      try (Stream<Path> s = Files.list(current)) {
        return s.map(p -> p.getFileName().toString())
            .filter(n -> n.startsWith("log_"))
            .map(n -> n.replace("log_inprogress_", "").replace("log_", "").split("-")[0])
            .mapToLong(Long::parseLong)
            .min()
            .orElse(0);
      }
    } catch (Exception e) {
      return 0;
    }
  }

  static Path findDir(Path root, String name) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + name + " under " + root));
    }
  }

  static boolean waitFor(java.util.function.BooleanSupplier cond, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (cond.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return cond.getAsBoolean();
  }
}
