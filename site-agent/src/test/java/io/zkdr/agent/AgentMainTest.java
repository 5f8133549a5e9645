package io.zkdr.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.net.LoopbackPorts;
import io.zkdr.testing.TestDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code AgentMain} as a child process: exit 2 on a bad file, a clean stop on SIGTERM. */
class AgentMainTest {

  private static Process launch(Path config, Path out) throws IOException {
    return new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                AgentMain.class.getName(),
                config.toString()))
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }

  @Test
  void aBadFileExitsWithTwoNamingTheKey() throws Exception {
    Path dir = TestDirs.create("agent-main-bad");
    Path cfg = dir.resolve("agent.yaml");
    Files.writeString(
        cfg,
        """
        site: s1
        region: us-east
        controllers: ["http://127.0.0.1:1"]
        workDir: %s
        stores: {us-east: {uri: "file:///tmp/x"}}
        maxConcurrentJob: 3
        """
            .formatted(dir.resolve("work")));
    Process p = launch(cfg, dir.resolve("out.txt"));
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(2, p.exitValue());
      String out = Files.readString(dir.resolve("out.txt"));
      assertTrue(out.contains("maxConcurrentJob: unknown key"), out);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void stopsOnSigterm() throws Exception {
    Path dir = TestDirs.create("agent-main-term");
    int port = LoopbackPorts.next();
    Path cfg = dir.resolve("agent.yaml");
    Files.writeString(
        cfg,
        """
        site: s1
        region: us-east
        controllers: ["http://127.0.0.1:%d"]
        http: {host: 127.0.0.1, port: %d}
        workDir: %s
        stores: {us-east: {uri: "%s"}}
        heartbeatIntervalMs: 200
        leaseWaitMs: 1000
        """
            .formatted(
                LoopbackPorts.next(), port, dir.resolve("work"), dir.resolve("store").toUri()));
    Process p = launch(cfg, dir.resolve("out.txt"));
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI live = URI.create("http://127.0.0.1:" + port + "/health/live");
      URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int status = -1;
      while (status != 200 && System.nanoTime() < deadline && p.isAlive()) {
        try {
          status =
              http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode();
        } catch (IOException e) {
          Thread.sleep(200);
        }
      }
      assertEquals(200, status, Files.readString(dir.resolve("out.txt")));
      HttpResponse<String> notReady =
          http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, notReady.statusCode(), "no controller answers");
      assertTrue(notReady.body().contains("not registered"), notReady.body());
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the agent stops on SIGTERM");
      assertEquals(143, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }
}
