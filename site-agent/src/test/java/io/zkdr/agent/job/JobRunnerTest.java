package io.zkdr.agent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.agent.Agent;
import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.catalog.LeaseLostException;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.ShippingConfig;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.controller.testing.Fixtures;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import io.zkdr.testing.TestDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job runner against three real controllers with 3-second job leases. */
class JobRunnerTest {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final String ENSEMBLE = "orders-zk";
  private static ControllerCluster cluster;
  private static Agent agent;
  private static CatalogClient catalog;
  private static final Map<String, Script> SCRIPTS = new ConcurrentHashMap<>();

  /** What the test handler does for one job id. */
  interface Script {
    Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException;
  }

  /** Runs the script registered for the job's id. */
  static final class ScriptedHandler implements JobHandler {
    @Override
    public JobKind kind() {
      return JobKind.DRILL_STEP;
    }

    @Override
    public Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException {
      return SCRIPTS.get(ctx.job().id()).run(ctx);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cluster = ControllerCluster.start("runner", 100_000, LEASE);
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      urls.add(URI.create(cluster.url(i)));
    }
    cluster.awaitLeaderKnownByAll(Duration.ofSeconds(30));
    catalog =
        new CatalogClient(
            new ControllerHttp(urls, Duration.ofSeconds(2), Duration.ofSeconds(10), "test"),
            "stale-agent");
    for (String r : ControllerCluster.REGIONS) {
      catalog.http().put("/v1/regions/" + r, Fixtures.region(r));
    }
    catalog.http().put("/v1/ensembles/" + ENSEMBLE, Fixtures.ensemble("us-east"));
    Path dir = TestDirs.create("runner-agent");
    AgentConfig config =
        new AgentConfig(
            "runner-agent",
            "runner-site",
            "us-east",
            urls,
            "127.0.0.1",
            0,
            dir.resolve("work"),
            Map.of("us-east", dir.resolve("store").toUri()),
            Map.of(),
            List.of(),
            ShippingConfig.defaults(),
            Duration.ofMillis(500),
            Duration.ofSeconds(2),
            2);
    agent = Agent.start(config, List.of(new ScriptedHandler()));
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }

  private static Job create(String id, String site, Script script) {
    SCRIPTS.put(id, script);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("kind", JobKind.DRILL_STEP.name());
    spec.put("ensemble", ENSEMBLE);
    spec.put("region", "us-east");
    spec.put("site", site);
    spec.put("maxAttempts", 3);
    return catalog
        .http()
        .convert(catalog.http().post("/v1/jobs", Map.of("id", id, "spec", spec)), Job.class);
  }

  private static Job await(String id, Duration timeout, JobState state) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Job j = null;
    while (System.nanoTime() < deadline) {
      try {
        j = catalog.job(id).orElseThrow();
        if (j.status().state() == state) {
          return j;
        }
      } catch (RuntimeException e) {
        // a controller is restarting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " not " + state + " after " + timeout + ": " + j);
  }

  @Test
  void leasesRenewsWhileRunningLongerThanTheLeaseAndCompletes() throws Exception {
    create(
        "long-1",
        "runner-site",
        ctx -> {
          ctx.progress("half way");
          Thread.sleep(LEASE.toMillis() * 2); // only the automatic renewals keep the lease
          return Map.of("ok", "yes", "attempt", String.valueOf(ctx.attempt()));
        });
    Job done = await("long-1", Duration.ofSeconds(30), JobState.SUCCEEDED);
    assertEquals("yes", done.status().result().get("ok"));
    assertEquals(1, done.status().attempts());
    assertEquals("runner-agent", done.status().agentId());
    String metrics = get("/metrics");
    assertTrue(
        metrics.contains("zkdr_job_seconds_count{kind=\"DRILL_STEP\",outcome=\"succeeded\"}"),
        metrics);
    assertEquals("live", get("/health/live").trim());
    assertEquals("ready", get("/health/ready").trim());
  }

  @Test
  void retryableFailureIsRetriedAndPermanentFailureIsFinal() throws Exception {
    create(
        "flaky-1",
        "runner-site",
        ctx -> {
          if (ctx.attempt() == 1) {
            throw JobFailedException.transientFailure("store busy", new java.io.IOException("x"));
          }
          return Map.of("attempt", String.valueOf(ctx.attempt()));
        });
    create(
        "broken-1",
        "runner-site",
        ctx -> {
          throw JobFailedException.permanent("bad parameter 'x'");
        });
    Job flaky = await("flaky-1", Duration.ofSeconds(30), JobState.SUCCEEDED);
    assertEquals("2", flaky.status().result().get("attempt"));
    Job broken = await("broken-1", Duration.ofSeconds(30), JobState.FAILED);
    assertEquals(1, broken.status().attempts());
    assertTrue(broken.status().message().contains("bad parameter"), broken.status().message());
  }

  @Test
  void aJobWhoseLeaseIsLostIsStopped() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    create(
        "cancel-1",
        "runner-site",
        ctx -> {
          started.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return Map.of();
        });
    assertTrue(started.await(20, TimeUnit.SECONDS));
    catalog.http().post("/v1/jobs/cancel-1/cancel", Map.of("reason", "test"));
    // the next renewal (every lease/3) finds the lease gone and interrupts the handler
    assertTrue(interrupted.await(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS));
    assertEquals(JobState.CANCELLED, catalog.job("cancel-1").orElseThrow().status().state());
    assertTrue(agent.runner().runningJobs().stream().noneMatch("cancel-1"::equals));
  }

  @Test
  void aHolderWhoseLeaseExpiredCannotComplete() throws Exception {
    catalog.register("stale-site", "us-east", "test");
    create("stale-1", "stale-site", ctx -> Map.of());
    Optional<Job> leased = catalog.lease(List.of(JobKind.DRILL_STEP), Duration.ofSeconds(5));
    assertTrue(leased.isPresent());
    assertEquals("stale-1", leased.get().id());
    int attempt = leased.get().status().attempts();
    Duration granted = RunningJob.leaseLength(leased.get());
    assertEquals(LEASE.toSeconds(), granted.toSeconds(), "lease length read from the job");
    // expired, nobody renewed (a controller that has not applied the lease yet shows it PENDING
    // with no attempt)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Job j = catalog.job("stale-1").orElseThrow();
    while (!(j.status().state() == JobState.PENDING && j.status().attempts() == attempt)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      j = catalog.job("stale-1").orElseThrow();
    }
    assertEquals(JobState.PENDING, j.status().state(), j.toString());
    assertThrows(
        LeaseLostException.class, () -> catalog.complete("stale-1", attempt, Map.of("late", "1")));
    catalog.http().post("/v1/jobs/stale-1/cancel", Map.of("reason", "test over"));
  }

  @Test
  void aRunningJobOutlivesAControllerLeaderChange() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    create(
        "through-failover-1",
        "runner-site",
        ctx -> {
          started.countDown();
          Thread.sleep(LEASE.toMillis() * 2);
          return Map.of("attempt", String.valueOf(ctx.attempt()));
        });
    assertTrue(started.await(20, TimeUnit.SECONDS));
    int leader = cluster.awaitLeader(Duration.ofSeconds(30));
    cluster.stopNode(leader);
    try {
      // renewals and the completion go to the surviving controllers; should the election outlast
      // the lease, the job is leased again and the second attempt completes it
      Job done = await("through-failover-1", Duration.ofSeconds(60), JobState.SUCCEEDED);
      assertEquals(
          done.status().attempts(), Integer.parseInt(done.status().result().get("attempt")));
    } finally {
      cluster.startNode(leader);
    }
  }

  @Test
  void survivesTheControllerLeaderBeingKilledWhilePolling() throws Exception {
    int leader = cluster.awaitLeader(Duration.ofSeconds(30));
    Thread.sleep(500); // the runner is in a long poll
    cluster.stopNode(leader);
    try {
      create("after-kill-1", "runner-site", ctx -> Map.of("ran", "yes"));
      Job done = await("after-kill-1", Duration.ofSeconds(60), JobState.SUCCEEDED);
      assertEquals("yes", done.status().result().get("ran"));
      assertNotNull(agent.runner().lastHeartbeat());
    } finally {
      cluster.startNode(leader);
    }
  }
}
