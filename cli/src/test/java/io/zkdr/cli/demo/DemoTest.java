package io.zkdr.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.ZkdrMain;
import io.zkdr.client.ControllerHttp;
import io.zkdr.json.JsonMapperFactory;
import io.zkdr.testing.TestDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code zkdr demo --duration 90s} in this JVM and checks, through the controllers' API while
 * it runs, that the catalog holds FULL and INCREMENTAL backups copied to all three regions and
 * verified; afterwards that no process the demo started is left.
 */
class DemoTest {
  private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");

  @AfterAll
  static void killLeftovers() {
    // Whatever the assertions said, this JVM must not leave demo processes behind.
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void demoBacksUpReplicatesAndVerifiesThenLeavesNoProcess() throws Exception {
    Path workDir = TestDirs.create("demo");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(
            () ->
                ZkdrMain.run(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "demo",
                    "--duration",
                    "90s",
                    "--workdir",
                    workDir.toString(),
                    "--refresh",
                    "5s",
                    "--plain"));

    AtomicReference<JsonNode> lastBackups = new AtomicReference<>();
    Set<ProcessHandle> descendantsSeen = new java.util.HashSet<>();
    ControllerHttp http = null;
    while (!demo.isDone()) {
      ProcessHandle.current().descendants().forEach(descendantsSeen::add);
      if (http == null) {
        http = controllerClient(workDir);
      }
      if (http != null) {
        try {
          lastBackups.set(http.get("/v1/ensembles/demo-zk/backups?limit=1000"));
        } catch (RuntimeException e) {
          // not registered yet, or the controllers are stopping at the end
        }
      }
      Thread.sleep(2000);
    }
    int exit = demo.get(5, TimeUnit.MINUTES);

    String log = "stdout:\n" + out + "\nstderr:\n" + err;
    System.out.println(log); // kept in the surefire output file
    assertEquals(0, exit, log);
    assertTrue(out.toString().contains("demo ok"), log);

    JsonNode backups = lastBackups.get();
    assertNotNull(backups, "the test never read the catalog\n" + log);
    assertCompleteBackup(backups, "FULL", log);
    assertCompleteBackup(backups, "INCREMENTAL", log);

    // No process is left: neither any child of this JVM nor any pid the demo recorded.
    List<Long> alive = new ArrayList<>();
    ProcessHandle.current().descendants().forEach(p -> alive.add(p.pid()));
    assertTrue(alive.isEmpty(), "processes left behind: " + alive);
    List<Long> recorded =
        Files.readAllLines(workDir.resolve("pids")).stream()
            .filter(s -> !s.isBlank())
            .map(Long::parseLong)
            .toList();
    assertTrue(recorded.size() >= 9, "3 controllers, 3 agents, 3 ZooKeeper members: " + recorded);
    // Short-lived grandchildren (an agent's scratch server) may come and go between looks, so
    // every pid either side saw must be gone, not only those the demo recorded.
    // A handle remembers its process' start time, so a recycled pid does not count as alive.
    for (ProcessHandle h : descendantsSeen) {
      assertFalse(h.isAlive(), "pid " + h.pid() + " alive: " + h.info().commandLine());
    }
    for (long pid : recorded) {
      assertTrue(
          ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "pid " + pid + " alive");
    }
  }

  /** Asserts a backup of {@code kind} with a copy in each region and a passing verification. */
  private static void assertCompleteBackup(JsonNode page, String kind, String log) {
    List<String> seen = new ArrayList<>();
    for (JsonNode b : page.path("items")) {
      if (!kind.equals(b.path("kind").asText())) {
        continue;
      }
      boolean everywhere = REGIONS.stream().allMatch(r -> b.path("copies").has(r));
      JsonNode v = b.path("verifications");
      boolean verified = v.size() > 0 && v.get(v.size() - 1).path("passed").asBoolean(false);
      if (everywhere && verified) {
        return;
      }
      seen.add(b.path("id").asText() + " copies=" + b.path("copies").size() + " ver=" + verified);
    }
    fail("no " + kind + " backup copied to " + REGIONS + " and verified; saw " + seen + "\n" + log);
  }

  /** A client of the demo's controllers once the demo has written their configs, else null. */
  private static ControllerHttp controllerClient(Path workDir) {
    List<URI> urls = new ArrayList<>();
    for (String r : REGIONS) {
      Path cfg = workDir.resolve("config").resolve("controller-" + r + ".yaml");
      if (!Files.exists(cfg)) {
        return null;
      }
    }
    JsonNode c;
    try {
      c =
          JsonMapperFactory.newYamlMapper()
              .readTree(workDir.resolve("config").resolve("controller-us-east.yaml").toFile());
    } catch (java.io.IOException e) {
      return null; // still being written
    }
    for (JsonNode p : c.path("peers")) {
      urls.add(URI.create("http://" + p.path("http").asText()));
    }
    return new ControllerHttp(urls, Duration.ofSeconds(1), Duration.ofSeconds(5), "demo-test");
  }
}
