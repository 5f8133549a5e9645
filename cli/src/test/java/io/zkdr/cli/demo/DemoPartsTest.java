package io.zkdr.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.controller.config.ConfigLoader;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.VerificationResult;
import io.zkdr.testing.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DemoPartsTest {
  private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");

  @Test
  void layoutPortsAreDistinct() {
    DemoLayout layout = DemoLayout.allocate(TestDirs.create("layout"));
    Set<Integer> ports = new HashSet<>();
    layout
        .regions()
        .forEach(r -> ports.addAll(List.of(r.raftPort(), r.httpPort(), r.agentHttpPort())));
    layout
        .members()
        .forEach(
            m ->
                ports.addAll(
                    List.of(m.clientPort(), m.quorumPort(), m.electionPort(), m.adminPort())));
    assertEquals(9 + 12, ports.size());
    assertEquals(REGIONS, layout.regions().stream().map(DemoLayout.RegionLayout::name).toList());
  }

  @Test
  void controllerConfigsAreWhatControllerMainLoads() throws Exception {
    DemoLayout layout = DemoLayout.allocate(TestDirs.create("configs"));
    DemoConfigFiles files = new DemoConfigFiles(layout);
    for (DemoLayout.RegionLayout r : layout.regions()) {
      ControllerConfig c = ConfigLoader.load(files.writeController(r));
      assertEquals(r.name(), c.nodeId());
      assertEquals(3, c.peers().size());
      assertEquals(layout.controllerDir(r), c.storageDir());
    }
  }

  @Test
  void agentConfigOfTheHomeRegionManagesTheEnsemble() throws Exception {
    DemoLayout layout = DemoLayout.allocate(TestDirs.create("agent-configs"));
    DemoConfigFiles files = new DemoConfigFiles(layout);
    String home = Files.readString(files.writeAgent(layout.home()));
    String standby = Files.readString(files.writeAgent(layout.regions().get(1)));
    assertTrue(home.contains("demo-zk") && home.contains("managed"), home);
    assertTrue(standby.contains("ensembles: []"), standby);
    for (String r : REGIONS) {
      assertTrue(standby.contains(r + ":"), standby);
    }
  }

  @Test
  void summaryNamesWhatIsMissing() {
    Backup full = backup("f1", BackupKind.FULL, REGIONS, true);
    Backup incrOneRegion = backup("i1", BackupKind.INCREMENTAL, List.of("us-east"), true);
    DemoSummary partial =
        new DemoSummary("us-east", List.of(), List.of(full, incrOneRegion), REGIONS);
    assertEquals(1, partial.missing().size(), partial.missing().toString());
    assertTrue(partial.missing().get(0).contains("INCREMENTAL"), partial.missing().toString());

    Backup incrUnverified = backup("i2", BackupKind.INCREMENTAL, REGIONS, false);
    DemoSummary unverified =
        new DemoSummary("us-east", List.of(), List.of(full, incrUnverified), REGIONS);
    assertTrue(unverified.missing().get(0).contains("verified"), unverified.missing().toString());

    Backup incr = backup("i3", BackupKind.INCREMENTAL, REGIONS, true);
    DemoSummary complete = new DemoSummary("us-east", List.of(), List.of(full, incr), REGIONS);
    assertEquals(List.of(), complete.missing());
    assertEquals(Map.of("us-east", 2L, "eu-west", 2L, "ap-south", 2L), complete.copiesByRegion());

    DemoSummary empty = new DemoSummary(null, List.of(), List.of(), REGIONS);
    assertEquals(2, empty.missing().size());
  }

  @Test
  void statusScreenRedrawsOnATerminalAndPrintsLinesOtherwise() {
    Backup full = backup("f1", BackupKind.FULL, REGIONS, true);
    DemoSummary s = new DemoSummary("eu-west", List.of(), List.of(full), REGIONS);

    java.io.StringWriter screen = new java.io.StringWriter();
    new StatusScreen(new java.io.PrintWriter(screen), true).show(s, 100, 0, 0);
    assertTrue(screen.toString().startsWith("\033[H\033[2J"), screen.toString());
    assertTrue(screen.toString().contains("raft leader      eu-west"), screen.toString());
    assertTrue(screen.toString().contains("still to come: no INCREMENTAL"), screen.toString());

    java.io.StringWriter plain = new java.io.StringWriter();
    new StatusScreen(new java.io.PrintWriter(plain), false).show(s, 100, 0, 0);
    assertEquals(1, plain.toString().lines().count(), plain.toString());
    assertTrue(plain.toString().contains("full=1 incr=0"), plain.toString());
    assertTrue(plain.toString().contains("copies=us-east=1eu-west=1ap-south=1"), plain.toString());
  }

  @Test
  void aWorkDirThatIsNotEmptyIsAUsageError() throws Exception {
    Path dir = TestDirs.create("used-workdir");
    Files.writeString(dir.resolve("pids"), "1\n");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int exit =
        io.zkdr.cli.ZkdrMain.run(
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(err),
            "demo",
            "--workdir",
            dir.toString());
    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("is not empty"), err.toString());
    assertEquals(
        2,
        io.zkdr.cli.ZkdrMain.run(
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(err),
            "demo",
            "--duration",
            "soon"));
  }

  @Test
  void durationsAreReadInShortAndIsoForms() {
    DemoCommand.DurationConverter c = new DemoCommand.DurationConverter();
    assertEquals(Duration.ofSeconds(90), c.convert("90s"));
    assertEquals(Duration.ofMinutes(5), c.convert("5m"));
    assertEquals(Duration.ofHours(1), c.convert("1h"));
    assertEquals(Duration.ofMillis(250), c.convert("250ms"));
    assertEquals(Duration.ofSeconds(90), c.convert("PT90S"));
    assertThrows(TypeConversionException.class, () -> c.convert("soon"));
    assertThrows(TypeConversionException.class, () -> c.convert("s"));
  }

  private static Backup backup(String id, BackupKind kind, List<String> regions, boolean verified) {
    Map<String, BackupCopy> copies = new java.util.TreeMap<>();
    for (String r : regions) {
      copies.put(r, new BackupCopy(r, "file:///s/" + r + "/" + id, "0".repeat(64), null));
    }
    List<VerificationResult> v =
        List.of(new VerificationResult(Instant.now(), "us-east", verified, null));
    return new Backup(id, "demo-zk", kind, 1, 2, Instant.now(), null, 10, null, null, copies, v);
  }
}
