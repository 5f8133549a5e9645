package io.zkdr.cli.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.client.ControllerHttp;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Brings up {@code deploy/compose/docker-compose.yml} (three controllers, three agents, a 3-member
 * ZooKeeper ensemble of the official image), asks for a full backup of {@code payments-zk} and
 * waits until the catalog records it with a copy in us-east. Skipped where no Docker engine is
 * reachable; the zkdr image is built from the Maven build output, so run {@code mvn -pl cli -am
 * package -DskipTests} first.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeDeploymentTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String CONTROLLER = "controller-us-east";

  @Test
  void composeDeploymentTakesAFullBackup() throws Exception {
    assumeTrue(
        Files.isRegularFile(ROOT.resolve("cli/target/zkdr-cli.jar"))
            && Files.isDirectory(ROOT.resolve("cli/target/lib")),
        "the zkdr image copies the build output: run mvn -pl cli -am package -DskipTests first");
    File composeFile = ROOT.resolve("deploy/compose/docker-compose.yml").toFile();
    ComposeContainer compose =
        new ComposeContainer(composeFile)
            .withLocalCompose(true)
            .withBuild(true)
            .withEnv("DOCKER_GID", System.getenv().getOrDefault("DOCKER_GID", "0"))
            .withRemoveVolumes(true)
            .withExposedService(CONTROLLER, 8080, Wait.forHttp("/health/ready").forStatusCode(200))
            .withStartupTimeout(Duration.ofMinutes(5));
    try {
      compose.start();
      URI api =
          URI.create(
              "http://"
                  + compose.getServiceHost(CONTROLLER, 8080)
                  + ":"
                  + compose.getServicePort(CONTROLLER, 8080));
      ControllerHttp http =
          new ControllerHttp(List.of(api), Duration.ofSeconds(5), Duration.ofSeconds(30), "test");

      awaitEnsembleRegistered(http);
      http.post(
          "/v1/jobs",
          Map.of(
              "spec",
              Map.of("kind", "CAPTURE_FULL", "ensemble", "payments-zk", "region", "us-east")));

      Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
      JsonNode full = null;
      while (full == null && Instant.now().isBefore(deadline)) {
        for (JsonNode b : http.get("/v1/ensembles/payments-zk/backups?limit=1000").path("items")) {
          if ("FULL".equals(b.path("kind").asText()) && b.path("copies").has("us-east")) {
            full = b;
          }
        }
        Thread.sleep(2000);
      }
      assertTrue(full != null, "no FULL backup of payments-zk with a us-east copy in 5 minutes");
    } finally {
      compose.stop();
    }
  }

  private static void awaitEnsembleRegistered(ControllerHttp http) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      try {
        http.get("/v1/ensembles/payments-zk");
        return;
      } catch (RuntimeException e) {
        Thread.sleep(1000); // the setup service has not run yet
      }
    }
    throw new AssertionError("the setup service did not register payments-zk within 3 minutes");
  }
}
