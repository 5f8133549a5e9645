package io.zkdr.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.commands.CliHarness.Run;
import io.zkdr.cli.job.JobWaiter;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.model.Job;
import io.zkdr.model.JobState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every controller command of {@code zkdr} against three real controllers: happy paths, {@code -o
 * json} that parses, and the documented exit codes on errors. The test plays the agent (lease,
 * complete, fail) to drive {@code --wait}. Table outputs are written to {@code
 * target/cli-tour.txt}.
 */
class ControllerCommandsTest {
  private static final String AGENT = "agent-use-a";
  private static final String EU_AGENT = "agent-euw-a";
  private static final String ENSEMBLE = "payments-zk";
  private static final String CHECKSUM = "ab".repeat(32);
  private static final Path TOUR = Path.of("target", "cli-tour.txt");

  private static ControllerCluster cluster;
  private static CliHarness cli;
  private static ControllerHttp http;
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void start() throws Exception {
    cluster = ControllerCluster.start("cli");
    cluster.awaitLeaderKnownByAll(Duration.ofSeconds(20));
    cli = new CliHarness(cluster);
    http = cli.http();
    Files.deleteIfExists(TOUR);
    Map<String, String> descriptions =
        Map.of("us-east", "Virginia", "eu-west", "Ireland", "ap-south", "Mumbai");
    for (String r : ControllerCluster.REGIONS) {
      http.put("/v1/regions/" + r, Map.of("description", descriptions.get(r)));
    }
    Run reg =
        cli.zkdr(
            "ensemble",
            "register",
            ENSEMBLE,
            "--home-region",
            "us-east",
            "--standby-region",
            "eu-west",
            "--standby-region",
            "ap-south",
            "--member",
            "myid=1,host=10.0.0.11,client=2181,quorum=2888,election=3888,admin=8080,site=use-a",
            "--member",
            "myid=2,host=10.0.0.12,client=2181,quorum=2888,election=3888,admin=8080,site=use-a",
            "--member",
            "myid=3,host=10.0.0.13,client=2181,quorum=2888,election=3888,admin=8080,site=use-a");
    assertEquals(0, reg.exit(), reg.toString());
    tour(
        "zkdr ensemble register payments-zk --home-region us-east --standby-region eu-west"
            + " --standby-region ap-south --member myid=1,host=10.0.0.11,... (x3)",
        reg);
    http.post(
        "/v1/agents",
        Map.of("id", AGENT, "site", "use-a", "region", "us-east", "version", "0.1.0"));
    http.post(
        "/v1/agents",
        Map.of("id", EU_AGENT, "site", "euw-a", "region", "eu-west", "version", "0.1.0"));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("ensemble.payments-zk.leader", "3");
    for (int id = 1; id <= 3; id++) {
      String p = "member.payments-zk." + id + ".";
      details.put(p + "state", id == 3 ? "leader" : "follower");
      details.put(p + "up", "true");
      details.put(p + "avg_latency_ms", "0.4");
      details.put(p + "znodes", "1204");
      details.put(p + "last_zxid", "0x100000030");
      details.put(p + "disk_used_pct", "41");
    }
    details.put("shipping.payments-zk.lag_seconds", "0.8");
    http.post(
        "/v1/agents/" + AGENT + "/heartbeat",
        Map.of("version", "0.1.0", "health", Map.of("status", "HEALTHY", "details", details)));
    Instant t0 = NOW.minus(Duration.ofHours(2));
    http.post(
        "/v1/backups",
        backup(
            "payments-zk-full-1",
            "FULL",
            0x100000010L,
            0x100000010L,
            t0,
            null,
            "us-east",
            "eu-west"));
    http.post(
        "/v1/backups",
        backup(
            "payments-zk-inc-1",
            "INCREMENTAL",
            0x100000010L,
            0x100000020L,
            t0.plusSeconds(60),
            "payments-zk-full-1",
            "us-east",
            "eu-west"));
    http.post(
        "/v1/backups",
        backup(
            "payments-zk-inc-2",
            "INCREMENTAL",
            0x100000020L,
            0x100000030L,
            t0.plusSeconds(120),
            "payments-zk-inc-1",
            "us-east"));
    http.post(
        "/v1/backups/payments-zk-full-1/verifications",
        Map.of(
            "at",
            t0.plusSeconds(30).toString(),
            "region",
            "us-east",
            "passed",
            true,
            "detail",
            "checksums ok, digest matches at 0x100000010"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Map<String, Object> backup(
      String id, String kind, long from, long to, Instant at, String parent, String... regions) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("id", id);
    b.put("ensemble", ENSEMBLE);
    b.put("kind", kind);
    b.put("fromZxid", "0x" + Long.toHexString(from));
    b.put("toZxid", "0x" + Long.toHexString(to));
    b.put("createdAt", at.toString());
    b.put("sizeBytes", kind.equals("FULL") ? 4_718_592 : 18_432);
    if (parent != null) {
      b.put("parentId", parent);
    }
    Map<String, Object> copies = new LinkedHashMap<>();
    for (String r : regions) {
      copies.put(
          r,
          Map.of(
              "region",
              r,
              "uri",
              "file:///var/lib/zkdr/" + r + "/artifacts/payments-zk/" + id,
              "checksum",
              CHECKSUM));
    }
    b.put("copies", copies);
    return b;
  }

  /** Appends a command and its table output to the tour file that docs/cli.md quotes. */
  private static synchronized void tour(String command, Run run) {
    try {
      Files.createDirectories(TOUR.getParent());
      Files.writeString(
          TOUR,
          "$ "
              + command
              + "\n"
              + run.out()
              + run.err()
              + (run.exit() == 0 ? "" : "(exit " + run.exit() + ")\n")
              + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void policySetGetAndList() throws Exception {
    Path f =
        CliHarness.file(
            "gold.yaml",
            """
            fullBackupCron: "0 * * * *"
            incrementalMode: continuous
            retention: {keepDaily: 7, keepWeekly: 4, keepMonthly: 12}
            replicateTo: [eu-west, ap-south]
            verification: {everyBackup: true, testRestoreEvery: 24}
            """);
    Run set = cli.zkdr("policy", "set", "gold", "-f", f.toString());
    assertEquals(0, set.exit(), set.toString());
    tour("zkdr policy set gold -f gold.yaml", set);
    Run get = cli.zkdr("policy", "get", "gold", "-o", "json");
    assertEquals(0, get.exit(), get.toString());
    JsonNode spec = get.json().get("spec");
    assertEquals("0 * * * *", spec.get("fullBackupCron").asText());
    assertEquals("CONTINUOUS", spec.get("incrementalMode").asText());
    assertEquals(12, spec.get("retention").get("keepMonthly").asInt());
    // What 'get -o yaml' prints is accepted back by 'set'.
    Run yaml = cli.zkdr("policy", "get", "gold", "-o", "yaml");
    Path round = CliHarness.file("gold-roundtrip.yaml", yaml.out());
    Run again = cli.zkdr("policy", "set", "silver", "-f", round.toString());
    assertEquals(0, again.exit(), again.toString());
    Run ls = cli.zkdr("policy", "ls");
    assertEquals(0, ls.exit(), ls.toString());
    assertTrue(ls.out().contains("gold") && ls.out().contains("silver"), ls.out());
    assertTrue(ls.out().contains("eu-west,ap-south"), ls.out());
    tour("zkdr policy ls", ls);
  }

  @Test
  void badPolicyYamlIsAUsageErrorNamingTheKey() throws Exception {
    Path f =
        CliHarness.file(
            "bad.yaml",
            """
            fullBackupCron: "0 * * * *"
            retention: {keepDaly: 7, keepWeekly: 4, keepMonthly: 12}
            """);
    Run r = cli.zkdr("policy", "set", "bad", "-f", f.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("zkdr: "), r.err());
    assertTrue(r.err().contains("retention.keepDaly: unknown key"), r.err());
    tour("zkdr policy set bad -f bad.yaml", r);
    Path badEnum =
        CliHarness.file(
            "bad-enum.yaml", "fullBackupCron: '0 * * * *'\nincrementalMode: sometimes\n");
    Run e = cli.zkdr("policy", "set", "bad", "-f", badEnum.toString());
    assertEquals(2, e.exit(), e.toString());
    assertTrue(e.err().contains("incrementalMode: 'sometimes' is not a valid"), e.err());
    Path badCron = CliHarness.file("bad-cron.yaml", "fullBackupCron: 'every hour'\n");
    Run c = cli.zkdr("policy", "set", "bad", "-f", badCron.toString());
    assertEquals(2, c.exit(), c.toString());
    assertTrue(c.err().contains("fullBackupCron"), c.err());
  }

  @Test
  void ensembleFromFileListAndDescribe() throws Exception {
    assertEquals(
        0,
        cli.zkdr(
                "policy",
                "set",
                "bronze",
                "-f",
                CliHarness.file("bronze.yaml", "fullBackupCron: '0 3 * * *'\n").toString())
            .exit());
    Path f =
        CliHarness.file(
            "orders.yaml",
            """
            name: orders-zk
            homeRegion: ap-south
            standbyRegions: [us-east]
            policy: bronze
            members:
              - {myid: 1, host: 10.2.0.11, clientPort: 2181, quorumPort: 2888, electionPort: 3888, role: participant, site: aps-a}
              - {myid: 2, host: 10.2.0.12, clientPort: 2181, quorumPort: 2888, electionPort: 3888, role: observer, site: aps-a}
            """);
    Run reg = cli.zkdr("ensemble", "register", "-f", f.toString());
    assertEquals(0, reg.exit(), reg.toString());
    Run ls = cli.zkdr("ensemble", "ls", "-o", "json");
    assertEquals(0, ls.exit(), ls.toString());
    List<String> names = new ArrayList<>();
    ls.json().forEach(n -> names.add(n.get("name").asText()));
    assertTrue(names.containsAll(List.of("orders-zk", ENSEMBLE)), names.toString());
    Run table = cli.zkdr("ensemble", "ls");
    assertTrue(
        table.out().lines().anyMatch(l -> l.startsWith(ENSEMBLE) && l.contains("HEALTHY")),
        table.out());
    tour("zkdr ensemble ls", table);

    Run d = cli.zkdr("ensemble", "describe", ENSEMBLE);
    assertEquals(0, d.exit(), d.toString());
    assertTrue(d.out().contains("MEMBERS"), d.out());
    assertTrue(d.out().contains("leader"), d.out());
    assertTrue(
        d.out().lines().anyMatch(l -> l.startsWith("us-east") && l.contains("payments-zk-inc-2")),
        "us-east holds the whole chain: " + d.out());
    assertTrue(
        d.out().lines().anyMatch(l -> l.startsWith("eu-west") && l.contains("payments-zk-inc-1")),
        "eu-west holds the chain up to inc-1: " + d.out());
    tour("zkdr ensemble describe payments-zk", d);
    JsonNode j = cli.zkdr("ensemble", "describe", ENSEMBLE, "-o", "json").json();
    assertEquals("us-east", j.get("ensemble").get("spec").get("homeRegion").asText());
    assertEquals("HEALTHY", j.get("health").get("status").asText());
    assertEquals(2, j.get("restorable").size(), j.toString());
    JsonNode y =
        new ObjectMapper(new YAMLFactory())
            .readTree(cli.zkdr("ensemble", "describe", ENSEMBLE, "-o", "yaml").out());
    assertEquals(3, y.get("ensemble").get("spec").get("members").size(), y.toString());
  }

  @Test
  void unknownNamesExitWithNotFound() {
    Run d = cli.zkdr("ensemble", "describe", "nope-zk");
    assertEquals(3, d.exit(), d.toString());
    assertTrue(d.err().startsWith("zkdr: ensemble 'nope-zk' does not exist"), d.err());
    tour("zkdr ensemble describe nope-zk", d);
    Run verbose = cli.zkdr("ensemble", "describe", "nope-zk", "--verbose");
    assertEquals(3, verbose.exit(), verbose.toString());
    assertTrue(verbose.err().contains("\tat io.zkdr."), "--verbose prints the stack: " + verbose);
    assertEquals(3, cli.zkdr("backup", "ls", "--ensemble", "nope-zk").exit());
    assertEquals(3, cli.zkdr("backup", "describe", "no-such-backup").exit());
    assertEquals(3, cli.zkdr("job", "describe", "no-such-job").exit());
    assertEquals(3, cli.zkdr("policy", "get", "no-such-policy").exit());
    assertEquals(3, cli.zkdr("backup", "create", "--ensemble", "nope-zk").exit());
  }

  @Test
  void badFlagsAreUsageErrors() {
    Run missing = cli.zkdr("restore", "create", "--ensemble", ENSEMBLE);
    assertEquals(2, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("--to-zxid"), missing.err());
    tour("zkdr restore create --ensemble payments-zk", missing);
    Run both =
        cli.zkdr("restore", "create", "--ensemble", ENSEMBLE, "--to-zxid", "0x1", "--latest");
    assertEquals(2, both.exit(), both.toString());
    Run state = cli.zkdr("job", "ls", "--state", "SLEEPING");
    assertEquals(2, state.exit(), state.toString());
    Run zxid = cli.zkdr("restore", "create", "--ensemble", ENSEMBLE, "--to-zxid", "banana");
    assertEquals(2, zxid.exit(), zxid.toString());
    assertTrue(zxid.err().contains("--to-zxid"), zxid.err());
    Run conflict =
        cli.zkdr("restore", "create", "--ensemble", ENSEMBLE, "--latest", "--on-conflict", "skip");
    assertEquals(2, conflict.exit(), conflict.toString());
    Run member =
        cli.zkdr("ensemble", "register", "x", "--home-region", "us-east", "--member", "myid=1");
    assertEquals(2, member.exit(), member.toString());
    assertTrue(member.err().contains("lacks"), member.err());
    Run output = cli.zkdr("job", "ls", "-o", "xml");
    assertEquals(2, output.exit(), output.toString());
    Run since = cli.zkdr("backup", "ls", "--since", "yesterday");
    assertEquals(2, since.exit(), since.toString());
  }

  @Test
  void unreachableControllersExitWith5AndOneLine() throws Exception {
    String closed = CliHarness.closedAddress();
    Run r = CliHarness.raw("status", "--controller", closed);
    assertEquals(5, r.exit(), r.toString());
    List<String> lines = r.err().lines().toList();
    assertTrue(lines.get(0).startsWith("zkdr: no controller answered: " + closed), r.err());
    assertTrue(
        lines.size() <= 2 && lines.get(1).startsWith("  check that the controllers run"), r.err());
    tour("zkdr status --controller " + closed, r);
    assertEquals(5, CliHarness.raw("ensemble", "ls", "--controller", closed).exit());
    // One controller down: the next answers.
    Run failover = CliHarness.raw("ensemble", "ls", "--controller", closed + "," + cluster.url(1));
    assertEquals(0, failover.exit(), failover.toString());
    assertTrue(failover.out().contains(ENSEMBLE), failover.out());
  }

  @Test
  void backupListAndDescribe() {
    Run ls = cli.zkdr("backup", "ls", "--ensemble", ENSEMBLE);
    assertEquals(0, ls.exit(), ls.toString());
    List<String> rows = ls.out().lines().skip(1).toList();
    assertEquals(3, rows.size(), ls.out());
    assertTrue(rows.get(0).startsWith("payments-zk-inc-2"), "newest first: " + ls.out());
    tour("zkdr backup ls --ensemble payments-zk", ls);
    JsonNode incs = cli.zkdr("backup", "ls", "--kind", "incremental", "-o", "json").json();
    assertEquals(2, incs.size(), incs.toString());
    JsonNode eu = cli.zkdr("backup", "ls", "--region", "eu-west", "-o", "json").json();
    assertEquals(2, eu.size(), eu.toString());
    JsonNode recent =
        cli.zkdr(
                "backup",
                "ls",
                "--since",
                NOW.minus(Duration.ofSeconds(118 * 60 + 30)).toString(),
                "-o",
                "json")
            .json();
    assertEquals(1, recent.size(), "only inc-2 is younger than 118m30s: " + recent);
    JsonNode old =
        cli.zkdr(
                "backup",
                "ls",
                "--ensemble",
                ENSEMBLE,
                "--until",
                NOW.minus(Duration.ofMinutes(119)).toString(),
                "-o",
                "json")
            .json();
    assertEquals(1, old.size(), old.toString());
    assertEquals("payments-zk-full-1", old.get(0).get("id").asText());

    Run d = cli.zkdr("backup", "describe", "payments-zk-inc-2");
    assertEquals(0, d.exit(), d.toString());
    assertTrue(d.out().contains("CHAIN"), d.out());
    String chain = d.out().substring(d.out().indexOf("CHAIN"));
    assertTrue(chain.indexOf("payments-zk-full-1") < chain.indexOf("payments-zk-inc-1"), d.out());
    tour("zkdr backup describe payments-zk-inc-2", d);
    JsonNode j = cli.zkdr("backup", "describe", "payments-zk-full-1", "-o", "json").json();
    assertEquals("0x100000010", j.get("backup").get("toZxid").asText());
    assertTrue(j.get("chainComplete").asBoolean());
    assertTrue(j.get("backup").get("verifications").get(0).get("passed").asBoolean());
    Run full = cli.zkdr("backup", "describe", "payments-zk-full-1");
    assertTrue(full.out().contains("digest matches"), full.out());
    tour("zkdr backup describe payments-zk-full-1", full);
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
        Math.abs(Duration.between(NOW.minus(Duration.ofMinutes(90)), toTime).toSeconds()) < 120,
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

  @Test
  void statusShowsControllersAgentsAndEnsembleHealth() throws Exception {
    Run s = cli.zkdr("status");
    assertEquals(0, s.exit(), s.toString());
    assertEquals(
        1, s.out().lines().filter(l -> l.matches(".*\\sLEADER\\s+\\d+\\s.*")).count(), s.out());
    assertTrue(s.out().contains(AGENT), s.out());
    assertTrue(
        s.out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith(ENSEMBLE)
                        && l.contains("HEALTHY")
                        && l.contains("3/3")
                        && l.contains("0.8s")),
        s.out());
    assertTrue(s.out().contains("payments-zk-inc-2"), "last backup: " + s.out());
    assertTrue(s.out().contains("payments-zk-full-1"), "last verified: " + s.out());
    tour("zkdr status", s);
    JsonNode j = cli.zkdr("status", "-o", "json").json();
    assertEquals(3, j.get("controllers").size());
    assertEquals(3, j.get("regions").size());
    JsonNode e = null;
    for (JsonNode n : j.get("ensembles")) {
      if (n.get("name").asText().equals(ENSEMBLE)) {
        e = n;
      }
    }
    assertEquals("3", e.get("health").get("leader").asText());
    assertEquals("payments-zk-full-1", e.get("lastVerified").get("id").asText());
    String closed = CliHarness.closedAddress();
    Run partial = CliHarness.raw("status", "--controller", closed + "," + cli.controllers());
    assertEquals(0, partial.exit(), partial.toString());
    assertTrue(
        partial.out().lines().anyMatch(l -> l.startsWith(closed) && l.contains("DOWN")),
        partial.out());
  }

  @Test
  void auditListsTheChanges() {
    Run a = cli.zkdr("audit", "ls", "--since", "1h", "-o", "json");
    assertEquals(0, a.exit(), a.toString());
    assertTrue(a.json().size() > 0, a.out());
    boolean ensembleRegistered = false;
    for (JsonNode n : a.json()) {
      assertFalse(n.get("action").asText().equals("RecordHeartbeat"), "heartbeats are left out");
      ensembleRegistered |=
          n.get("action").asText().equals("PutEnsemble")
              && n.get("target").asText().contains(ENSEMBLE);
    }
    assertTrue(ensembleRegistered, a.out());
    Run t = cli.zkdr("audit", "ls", "--action", "PutEnsemble");
    assertTrue(t.out().contains("cli:"), "the CLI names its user as actor: " + t.out());
    tour("zkdr audit ls --action PutEnsemble", t);
  }
}
