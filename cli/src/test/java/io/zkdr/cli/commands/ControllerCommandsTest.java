package io.zkdr.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zkdr.cli.commands.CliHarness.Run;
import io.zkdr.controller.testing.ControllerCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read commands of {@code zkdr} and the error paths against three real controllers: happy
 * paths, {@code -o json|yaml} that parses, and the documented exit codes with one-line messages.
 */
class ControllerCommandsTest {
  private static final String AGENT = TestDeployment.AGENT;
  private static final String ENSEMBLE = TestDeployment.ENSEMBLE;

  private static TestDeployment deployment;
  private static ControllerCluster cluster;
  private static CliHarness cli;
  private static Instant now;

  @BeforeAll
  static void start() throws Exception {
    deployment = TestDeployment.start("reads");
    cluster = deployment.cluster;
    cli = deployment.cli;
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
    Path badMember =
        CliHarness.file(
            "bad-ensemble.yaml",
            "name: x\nhomeRegion: us-east\nmembers:\n  - {myid: 1, hots: h, clientPort: 2181}\n");
    Run m = cli.zkdr("ensemble", "register", "-f", badMember.toString());
    assertEquals(2, m.exit(), m.toString());
    assertTrue(m.err().contains("members[0].hots: unknown key"), m.err());
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
  void ensembleRemoveNeedsYesAndThenRemovesIt() throws Exception {
    Path f =
        CliHarness.file(
            "scratch.yaml",
            """
            name: scratch-zk
            homeRegion: eu-west
            members:
              - {myid: 1, host: 10.1.0.11, clientPort: 2181, quorumPort: 2888, electionPort: 3888, role: participant, site: euw-b}
            """);
    assertEquals(0, cli.zkdr("ensemble", "register", "-f", f.toString()).exit());
    Run refused = cli.zkdr("ensemble", "remove", "scratch-zk");
    assertEquals(2, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("--yes"), refused.err());
    Run removed = cli.zkdr("ensemble", "remove", "scratch-zk", "--yes");
    assertEquals(0, removed.exit(), removed.toString());
    assertTrue(removed.out().contains("scratch-zk"), removed.out());
    assertEquals(3, cli.zkdr("ensemble", "describe", "scratch-zk").exit());
    assertEquals(3, cli.zkdr("ensemble", "remove", "scratch-zk", "--yes").exit());
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
                now.minus(Duration.ofSeconds(118 * 60 + 30)).toString(),
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
                now.minus(Duration.ofMinutes(119)).toString(),
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
