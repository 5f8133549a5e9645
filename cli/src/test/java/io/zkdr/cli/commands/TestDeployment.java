package io.zkdr.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkdr.cli.commands.CliHarness.Run;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.testing.ControllerCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the CLI tests run against: three real controllers with three regions, the ensemble {@code
 * payments-zk} (registered through the CLI), two agents (one with heartbeat readings for the
 * ensemble), and a chain of backups (a full and two increments, with copies in us-east and partly
 * eu-west). Each test class owns one, and appends the tables it prints to {@code
 * target/cli-tour-<name>.txt}, which docs/cli.md quotes.
 */
final class TestDeployment implements AutoCloseable {
  static final String AGENT = "agent-use-a";
  static final String EU_AGENT = "agent-euw-a";
  static final String ENSEMBLE = "payments-zk";
  private static final String CHECKSUM = "ab".repeat(32);

  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  final ControllerCluster cluster;
  final CliHarness cli;
  final ControllerHttp http;
  private final Path tourFile;

  private TestDeployment(String name) throws Exception {
    cluster = ControllerCluster.start(name);
    cluster.awaitLeaderKnownByAll(Duration.ofSeconds(20));
    cli = new CliHarness(cluster);
    http = cli.http();
    tourFile = Path.of("target", "cli-tour-" + name + ".txt");
    Files.deleteIfExists(tourFile);
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
    Instant t0 = now.minus(Duration.ofHours(2));
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

  static TestDeployment start(String name) throws Exception {
    return new TestDeployment(name);
  }

  @Override
  public void close() {
    cluster.close();
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
  synchronized void tour(String command, Run run) {
    try {
      Files.createDirectories(tourFile.getParent());
      Files.writeString(
          tourFile,
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
}
