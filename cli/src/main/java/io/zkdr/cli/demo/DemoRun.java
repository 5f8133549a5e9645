package io.zkdr.cli.demo;

import io.zkdr.cli.demo.DemoLayout.MemberLayout;
import io.zkdr.cli.demo.DemoLayout.RegionLayout;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.NoControllerException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One run of {@code zkdr demo}: three controllers and three agents as child JVMs, the us-east agent
 * running the 3-member ensemble {@code demo-zk}, a policy that backs it up and replicates it, and a
 * write load; then a live summary until the duration ends or the process is stopped.
 */
final class DemoRun {
  static final String CONTROLLER_MAIN = "io.zkdr.controller.ControllerMain";
  static final String AGENT_MAIN = "io.zkdr.agent.AgentMain";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final DemoLayout layout;
  private final PrintWriter out;
  private final StatusScreen screen;
  private final Duration refresh;
  private final int writeRate;
  private final String classpath;

  DemoRun(
      DemoLayout layout,
      PrintWriter out,
      boolean terminal,
      Duration refresh,
      int writeRate,
      String classpath) {
    this.layout = layout;
    this.out = out;
    this.screen = new StatusScreen(out, terminal);
    this.refresh = refresh;
    this.writeRate = writeRate;
    this.classpath = classpath;
  }

  /**
   * Runs the demo for {@code duration} (null: until the process is stopped) and returns what the
   * catalog showed at the end.
   */
  DemoSummary run(Duration duration) throws IOException, InterruptedException {
    Instant deadline = duration == null ? null : Instant.now().plus(duration);
    for (RegionLayout r : layout.regions()) {
      Files.createDirectories(layout.storeDir(r));
    }
    DemoConfigFiles configs = new DemoConfigFiles(layout);
    DemoCatalog catalog = new DemoCatalog(layout);
    try (ChildProcesses children = new ChildProcesses(layout.logDir(), classpath)) {
      try {
        return runWith(children, configs, catalog, deadline);
      } finally {
        screen.phase("stopping controllers, agents and ZooKeeper members");
        children.close();
        writePids(children);
      }
    }
  }

  private DemoSummary runWith(
      ChildProcesses children, DemoConfigFiles configs, DemoCatalog catalog, Instant deadline)
      throws IOException, InterruptedException {
    screen.phase("starting 3 controllers (Raft group over loopback)");
    for (RegionLayout r : layout.regions()) {
      Path cfg = configs.writeController(r);
      children.start("controller-" + r.name(), 384, CONTROLLER_MAIN, List.of(cfg.toString()));
    }
    writePids(children);
    catalog.awaitReady(START_TIMEOUT, children);
    catalog.putRegions();
    screen.phase("controllers ready; leader " + catalog.leader() + "; starting 3 agents");
    for (RegionLayout r : layout.regions()) {
      Path cfg = configs.writeAgent(r);
      children.start("agent-" + r.name(), 384, AGENT_MAIN, List.of(cfg.toString()));
    }
    printWhereEverythingIs();
    try (WriteLoad load = new WriteLoad(layout.connectString(), writeRate)) {
      screen.phase("waiting for ZooKeeper ensemble " + DemoLayout.ENSEMBLE + " to serve");
      awaitEnsemble(load, children);
      catalog.putPolicyAndEnsemble();
      screen.phase(
          "ensemble serving, write load running; policy "
              + DemoLayout.POLICY
              + " registered (FULL every minute, continuous increments)");
      DemoSummary last = null;
      while (deadline == null || Instant.now().isBefore(deadline)) {
        DemoException.failIfExited(children);
        last = readOr(catalog, last);
        if (last != null) {
          screen.show(last, load.writes(), load.errors(), load.lastZxid());
        }
        writePids(children);
        long wait = refresh.toMillis();
        if (deadline != null) {
          wait = Math.min(wait, Math.max(0, Duration.between(Instant.now(), deadline).toMillis()));
        }
        Thread.sleep(wait);
      }
      DemoSummary end = readOr(catalog, last);
      if (end == null) {
        throw new DemoException("the catalog could not be read at the end of the demo");
      }
      screen.show(end, load.writes(), load.errors(), load.lastZxid());
      return end;
    }
  }

  private void awaitEnsemble(WriteLoad load, ChildProcesses children) throws InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    // Curator waits for a connection; the loop checks now and then that the agent still runs.
    while (!load.awaitConnected(Duration.ofSeconds(2))) {
      DemoException.failIfExited(children);
      if (Instant.now().isAfter(deadline)) {
        throw new DemoException(
            "ZooKeeper ensemble "
                + DemoLayout.ENSEMBLE
                + " ("
                + layout.connectString()
                + ") did not serve within "
                + START_TIMEOUT.toSeconds()
                + " s; see "
                + children.logFile("agent-" + layout.home().name()));
      }
    }
  }

  private DemoSummary readOr(DemoCatalog catalog, DemoSummary previous) {
    try {
      return new DemoSummary(
          catalog.leader(),
          catalog.agents(),
          catalog.backups(),
          layout.regions().stream().map(RegionLayout::name).toList());
    } catch (ApiCallException | NoControllerException e) {
      screen.phase("catalog not readable right now: " + e.getMessage());
      return previous;
    }
  }

  private void printWhereEverythingIs() {
    java.io.StringWriter text = new java.io.StringWriter();
    PrintWriter out = new PrintWriter(text);
    String ctl = layout.controllerList();
    out.println();
    out.println("zkdr demo is running. Work dir (kept on exit): " + layout.workDir());
    out.println();
    out.println("  controllers      HTTP API                    metrics");
    for (RegionLayout r : layout.regions()) {
      out.printf(
          "    %-9s      %-27s %s/metrics%n", r.name(), r.controllerUrl(), r.controllerUrl());
    }
    out.println("  agents           metrics                             health");
    for (RegionLayout r : layout.regions()) {
      out.printf(
          "    %-14s %-35s %s/health/ready%n",
          r.agentId(), r.agentUrl() + "/metrics", r.agentUrl());
    }
    out.println("  ZooKeeper        " + DemoLayout.ENSEMBLE + " at " + layout.connectString());
    out.println(
        "                   admin "
            + layout.members().stream()
                .map((MemberLayout m) -> "http://" + DemoLayout.HOST + ":" + m.adminPort())
                .collect(Collectors.joining(" "))
            + "  (/commands/monitor)");
    out.println("  stores           " + layout.workDir().resolve("stores") + "/<region>");
    out.println("  logs             " + layout.logDir() + "/<process>.log");
    out.println();
    out.println("  try (or export ZKDR_CONTROLLER=" + ctl + " and drop --controller):");
    out.println("    ./zkdr status --controller " + ctl);
    out.println("    ./zkdr backup ls --ensemble " + DemoLayout.ENSEMBLE + " --controller " + ctl);
    out.println("    ./zkdr backup describe <id> --controller " + ctl);
    out.println("    ./zkdr job ls --controller " + ctl);
    out.println(
        "    ./zkdr restore create --ensemble "
            + DemoLayout.ENSEMBLE
            + " --latest --target scratch --region eu-west --controller "
            + ctl);
    out.println(
        "    curl -s "
            + layout.home().controllerUrl()
            + "/v1/ensembles/"
            + DemoLayout.ENSEMBLE
            + "/restorable");
    out.println();
    out.flush();
    this.out.print(text);
    this.out.flush();
    screen.header(text.toString().lines().toList());
  }

  private void writePids(ChildProcesses children) {
    String text =
        children.seenPids().stream().map(String::valueOf).collect(Collectors.joining("\n"));
    try {
      Files.writeString(layout.workDir().resolve("pids"), text + "\n");
    } catch (IOException e) {
      screen.phase("cannot write " + layout.workDir().resolve("pids") + ": " + e.getMessage());
    }
  }
}
