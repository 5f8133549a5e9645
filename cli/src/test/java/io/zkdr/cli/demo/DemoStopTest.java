package io.zkdr.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code zkdr demo} as a child process, stops it with SIGTERM (what Ctrl-C and service
 * managers send) once the ensemble serves, and checks that none of its processes survive.
 */
class DemoStopTest {
  private Process demo;
  private final Set<ProcessHandle> seen = new HashSet<>();

  @AfterEach
  void killLeftovers() {
    seen.forEach(ProcessHandle::destroyForcibly);
    if (demo != null) {
      demo.destroyForcibly();
    }
  }

  @Test
  void sigtermStopsEveryProcessOfTheDemo() throws Exception {
    Path testDir = TestDirs.create("demo-stop");
    Path workDir = testDir.resolve("demo");
    Path log = testDir.resolve("demo.out");
    demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.zkdr.cli.ZkdrMain",
                "demo",
                "--workdir",
                workDir.toString(),
                "--plain")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    seen.add(demo.toHandle());

    // Wait until the ensemble serves: by then the controllers, agents and members all run.
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (!Files.readString(log).contains("ensemble serving")) {
      assertTrue(demo.isAlive(), "the demo ended early:\n" + Files.readString(log));
      assertTrue(Instant.now().isBefore(deadline), "no ensemble after 3 min:\n" + read(log));
      demo.descendants().forEach(seen::add);
      Thread.sleep(500);
    }
    demo.descendants().forEach(seen::add);
    assertTrue(seen.size() >= 1 + 9, "demo, 3 controllers, 3 agents, 3 members: " + pids(seen));

    demo.destroy(); // SIGTERM
    assertTrue(demo.waitFor(2, TimeUnit.MINUTES), "the demo did not stop:\n" + read(log));
    for (ProcessHandle h : seen) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // reported below with every other survivor
      }
    }
    List<Long> alive = new ArrayList<>();
    seen.stream().filter(ProcessHandle::isAlive).forEach(h -> alive.add(h.pid()));
    assertEquals(List.of(), alive, "processes left behind by the demo");
  }

  private static List<Long> pids(Set<ProcessHandle> handles) {
    return handles.stream().map(ProcessHandle::pid).sorted().toList();
  }

  private static String read(Path log) throws java.io.IOException {
    String s = Files.readString(log);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }
}
