package io.zkdr.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.cli.ZkdrMain;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.testing.ControllerCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs {@code zkdr} command lines in this JVM against a test controller cluster. */
final class CliHarness {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One run: exit status and what it printed. */
  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + out, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final ControllerCluster cluster;

  CliHarness(ControllerCluster cluster) {
    this.cluster = cluster;
  }

  /** All three controllers, comma-separated, for {@code --controller}. */
  String controllers() {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      urls.add(cluster.url(i));
    }
    return String.join(",", urls);
  }

  /** Runs {@code zkdr ARGS --controller <all three>}. */
  Run zkdr(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--controller");
    all.add(controllers());
    return raw(all.toArray(String[]::new));
  }

  /** Runs {@code zkdr ARGS} as given. */
  static Run raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ZkdrMain.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs {@code zkdr ARGS} on another thread (for {@code --wait}). */
  CompletableFuture<Run> zkdrAsync(String... args) {
    return CompletableFuture.supplyAsync(() -> zkdr(args));
  }

  /** A JSON client of the API, for the set-up the CLI does not offer and for playing an agent. */
  ControllerHttp http() {
    List<URI> uris = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      uris.add(URI.create(cluster.url(i)));
    }
    return new ControllerHttp(uris, Duration.ofSeconds(2), Duration.ofSeconds(10), "test");
  }

  /**
   * Plays an agent: leases jobs of {@code kind} until one for {@code ensemble} arrives (others,
   * such as scheduled ones, are completed and skipped) and returns it.
   */
  static JsonNode lease(ControllerHttp http, String agent, String kind, String ensemble)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      ControllerHttp.Answer a =
          http.send(
              "POST",
              "/v1/agents/" + agent + "/lease",
              Map.of("kinds", List.of(kind), "waitMs", 2000),
              Duration.ofSeconds(2));
      if (a.status() == 200) {
        JsonNode job = a.body();
        if (ensemble.equals(job.path("spec").path("ensemble").asText())) {
          return job;
        }
        complete(http, agent, job, Map.of());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + kind + " job for " + ensemble + " within 30s");
  }

  static void complete(
      ControllerHttp http, String agent, JsonNode job, Map<String, String> result) {
    http.post(
        "/v1/jobs/" + job.get("id").asText() + "/complete",
        Map.of(
            "agentId",
            agent,
            "attempt",
            job.path("status").path("attempts").asInt(),
            "result",
            result));
  }

  static void fail(ControllerHttp http, String agent, JsonNode job, String message) {
    http.post(
        "/v1/jobs/" + job.get("id").asText() + "/fail",
        Map.of(
            "agentId",
            agent,
            "attempt",
            job.path("status").path("attempts").asInt(),
            "message",
            message,
            "retryable",
            false));
  }

  /** Writes {@code text} to a file under {@code target/cli-test}. */
  static Path file(String name, String text) throws IOException {
    Path dir = Path.of("target", "cli-test");
    Files.createDirectories(dir);
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  /** An address where nothing listens. */
  static String closedAddress() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }
}
