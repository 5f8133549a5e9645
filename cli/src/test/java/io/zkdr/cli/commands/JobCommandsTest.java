package io.zkdr.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.commands.CliHarness.Run;
import io.zkdr.cli.job.JobWaiter;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.model.Job;
import io.zkdr.model.JobState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands that create and follow jobs ({@code backup create|verify}, {@code restore}, {@code
 * job}) against three real controllers. The test plays the agent (lease, progress, complete, fail)
 * to drive {@code --wait}.
 */
class JobCommandsTest {
  private static final String AGENT = TestDeployment.AGENT;
  private static final String EU_AGENT = TestDeployment.EU_AGENT;
  private static final String ENSEMBLE = TestDeployment.ENSEMBLE;

  private static TestDeployment deployment;
  private static ControllerCluster cluster;
  private static CliHarness cli;
  private static ControllerHttp http;
  private static Instant now;

  @BeforeAll
  static void start() throws Exception {
    deployment = TestDeployment.start("jobs");
    cluster = deployment.cluster;
    cli = deployment.cli;
    http = deployment.http;
    now = deployment.now;
  }

  @AfterAll
  static void stop() {
    if (deployment != null) {
      deployment.close();
    }
  }

  private static void tour(String command, Run run) {
    deployment.tour(command, run);
  }

  @Test
  void backupCreateWaitsForTheJobAndPrintsItsResult() throws Exception {
    CompletableFuture<Run> run =
        cli.zkdrAsync("backup", "create", "--ensemble", ENSEMBLE, "--wait");
    JsonNode job = CliHarness.lease(http, AGENT, "CAPTURE_FULL", ENSEMBLE);
    assertEquals("us-east", job.get("spec").get("region").asText());
    http.post(
        "/v1/jobs/" + job.get("id").asText() + "/progress",
        Map.of("agentId", AGENT, "attempt", 1, "progress", "uploading 42%"));
    CliHarness.complete(
        http,
        AGENT,
        job,
        Map.of(
            "backupId",
            job.get("id").asText(),
            "toZxid",
            "0x100000042",
            "sizeBytes",
            "4718592",
            "member",
            "3"));
    Run r = run.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Created job " + job.get("id").asText()), r.out());
    assertTrue(
        r.out().lines().anyMatch(l -> l.startsWith("toZxid") && l.contains("0x100000042")),
        r.out());
    tour("zkdr backup create --ensemble payments-zk --wait", r);

    CompletableFuture<Run> json =
        cli.zkdrAsync("backup", "create", "--ensemble", ENSEMBLE, "--wait", "-o", "json");
    JsonNode second = CliHarness.lease(http, AGENT, "CAPTURE_FULL", ENSEMBLE);
    CliHarness.complete(http, AGENT, second, Map.of("backupId", second.get("id").asText()));
    Run rj = json.get(30, TimeUnit.SECONDS);
    assertEquals(0, rj.exit(), rj.toString());
    assertEquals("SUCCEEDED", rj.json().get("status").get("state").asText());
    assertEquals(
        second.get("id").asText(), rj.json().get("status").get("result").get("backupId").asText());
  }

  @Test
  void waitingDrawsTheAgentsProgressOnATerminal() throws Exception {
    Map<String, Object> spec =
        Map.of("kind", "CAPTURE_FULL", "ensemble", ENSEMBLE, "region", "us-east");
    http.post("/v1/jobs", Map.of("id", "progress-1", "spec", spec));
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    JobWaiter waiter =
        new JobWaiter(
            new ControllerClient(
                List.of(URI.create(cluster.url(0))), Duration.ofSeconds(2), Duration.ofSeconds(10)),
            true,
            new PrintStream(terminal, true, StandardCharsets.UTF_8));
    CompletableFuture<Job> done = CompletableFuture.supplyAsync(() -> waiter.await("progress-1"));
    JsonNode job = CliHarness.lease(http, AGENT, "CAPTURE_FULL", ENSEMBLE);
    assertEquals("progress-1", job.get("id").asText());
    http.post(
        "/v1/jobs/progress-1/progress",
        Map.of("agentId", AGENT, "attempt", 1, "progress", "uploading 42%"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!terminal.toString(StandardCharsets.UTF_8).contains("uploading 42%")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    CliHarness.complete(http, AGENT, job, Map.of("backupId", "progress-1"));
    assertEquals(JobState.SUCCEEDED, done.get(30, TimeUnit.SECONDS).status().state());
    String drawn = terminal.toString(StandardCharsets.UTF_8);
    assertTrue(drawn.contains("\rprogress-1: LEASED on agent-use-a - uploading 42% ["), drawn);
    assertTrue(drawn.endsWith("\r"), "the line is wiped when the job ends: " + drawn);
  }

  @Test
  void restoreThatFailsWithWaitExitsWith4() throws Exception {
    CompletableFuture<Run> run =
        cli.zkdrAsync(
            "restore",
            "create",
            "--ensemble",
            ENSEMBLE,
            "--to-zxid",
            "0x100000025",
            "--subtree",
            "/config",
            "--target",
            "running",
            "--on-conflict",
            "overwrite",
            "--wait");
    JsonNode job = CliHarness.lease(http, AGENT, "RESTORE", ENSEMBLE);
    JsonNode params = job.get("spec").get("params");
    assertEquals("0x100000025", params.get("toZxid").asText());
    assertEquals("/config", params.get("subtree").asText());
    assertEquals("running", params.get("target").asText());
    assertEquals("overwrite", params.get("onConflict").asText());
    assertEquals("false", params.get("dryRun").asText());
    CliHarness.fail(http, AGENT, job, "znode /config/flags: connection refused by 10.0.0.13:2181");
    Run r = run.get(30, TimeUnit.SECONDS);
    assertEquals(4, r.exit(), r.toString());
    assertTrue(
        r.err().startsWith("zkdr: job " + job.get("id").asText() + " failed: znode /config/flags"),
        r.err());
    tour(
        "zkdr restore create --ensemble payments-zk --to-zxid 0x100000025 --subtree /config --target running --on-conflict overwrite --wait",
        r);

    Run ls = cli.zkdr("restore", "ls", "--ensemble", ENSEMBLE);
    assertEquals(0, ls.exit(), ls.toString());
    assertTrue(ls.out().contains(job.get("id").asText()) && ls.out().contains("FAILED"), ls.out());
    tour("zkdr restore ls --ensemble payments-zk", ls);
    Run d = cli.zkdr("restore", "describe", job.get("id").asText(), "-o", "json");
    assertEquals("FAILED", d.json().get("status").get("state").asText());
  }

  @Test
  void aPointTheRegionsCopiesDoNotReachIsNotFound() {
    Run beyond =
        cli.zkdr(
            "restore",
            "create",
            "--ensemble",
            ENSEMBLE,
            "--to-zxid",
            "0x100000025",
            "--region",
            "eu-west");
    assertEquals(3, beyond.exit(), beyond.toString());
    assertTrue(
        beyond
            .err()
            .startsWith(
                "zkdr: 'payments-zk' cannot be restored to 0x100000025 from the copies in eu-west:"
                    + " they cover 0x100000010..0x100000020"),
        beyond.err());
    tour(
        "zkdr restore create --ensemble payments-zk --to-zxid 0x100000025 --region eu-west",
        beyond);
    Run none =
        cli.zkdr("restore", "create", "--ensemble", ENSEMBLE, "--latest", "--region", "ap-south");
    assertEquals(3, none.exit(), none.toString());
    assertTrue(none.err().contains("no restorable backup in region ap-south"), none.err());
  }

  @Test
  void restoreToATimeSucceedsAndIsListed() throws Exception {
    CompletableFuture<Run> run =
        cli.zkdrAsync(
            "restore",
            "create",
            "--ensemble",
            ENSEMBLE,
            "--to-time",
            "90m",
            "--region",
            "eu-west",
            "--wait");
    JsonNode job = CliHarness.lease(http, EU_AGENT, "RESTORE", ENSEMBLE);
    assertEquals("eu-west", job.get("spec").get("region").asText(), "the region picks the copies");
    Instant toTime = Instant.parse(job.get("spec").get("params").get("toTime").asText());
    assertTrue(
        Math.abs(Duration.between(now.minus(Duration.ofMinutes(90)), toTime).toSeconds()) < 120,
        toTime.toString());
    assertEquals("scratch", job.get("spec").get("params").get("target").asText());
    CliHarness.complete(
        http,
        EU_AGENT,
        job,
        Map.of(
            "restoredZxid", "0x100000020", "znodes", "1204", "connectString", "127.0.0.1:42181"));
    Run r = run.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("127.0.0.1:42181"), r.out());
    Run ls = cli.zkdr("restore", "ls", "--ensemble", ENSEMBLE, "--state", "succeeded");
    assertTrue(
        ls.out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith(job.get("id").asText())
                        && l.contains("0x100000020 (1204 znodes)")),
        ls.out());
  }

  @Test
  void verifyJobsAreListedDescribedAndCancelled() {
    Run v =
        cli.zkdr("backup", "verify", "payments-zk-inc-1", "--region", "eu-west", "--test-restore");
    assertEquals(0, v.exit(), v.toString());
    tour("zkdr backup verify payments-zk-inc-1 --region eu-west --test-restore", v);
    Run ls = cli.zkdr("job", "ls", "--kind", "VERIFY", "-o", "json");
    assertEquals(0, ls.exit(), ls.toString());
    JsonNode job = ls.json().get(0);
    assertEquals("VERIFY", job.get("spec").get("kind").asText());
    assertEquals("payments-zk-inc-1", job.get("spec").get("params").get("backupId").asText());
    assertEquals("true", job.get("spec").get("params").get("testRestore").asText());
    assertEquals("eu-west", job.get("spec").get("region").asText());
    String id = job.get("id").asText();
    Run d = cli.zkdr("job", "describe", id);
    assertEquals(0, d.exit(), d.toString());
    assertTrue(d.out().contains("backupId=payments-zk-inc-1"), d.out());
    tour("zkdr job describe " + id, d);
    Run pending = cli.zkdr("job", "ls", "--state", "PENDING");
    assertTrue(pending.out().contains(id), pending.out());
    tour("zkdr job ls --state PENDING", pending);
    Run cancel = cli.zkdr("job", "cancel", id, "--reason", "wrong region");
    assertEquals(0, cancel.exit(), cancel.toString());
    assertTrue(cancel.out().contains("CANCELLED"), cancel.out());
    tour("zkdr job cancel " + id + " --reason \"wrong region\"", cancel);
    Run again = cli.zkdr("job", "cancel", id);
    assertEquals(6, again.exit(), again.toString());
    assertTrue(again.err().contains("already CANCELLED"), again.err());
    tour("zkdr job cancel " + id, again);
    Run noCopy = cli.zkdr("backup", "verify", "payments-zk-inc-2", "--region", "ap-south");
    assertEquals(3, noCopy.exit(), noCopy.toString());
  }
}
