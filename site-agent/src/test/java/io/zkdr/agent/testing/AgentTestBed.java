package io.zkdr.agent.testing;

import io.zkdr.agent.Agent;
import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.AgentConfigWriter;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.agent.config.ShippingConfig;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import io.zkdr.net.LoopbackPorts;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two regions for end-to-end tests: three real controllers (us-east, eu-west, ap-south), the
 * ensemble {@value #ENSEMBLE} with three managed members at site {@value #EAST_SITE} (home us-east,
 * standby eu-west) and its agent, and an agent at site {@value #WEST_SITE} with no members. Stores
 * are directories under {@code target/test-tmp}. Everything it starts is stopped by {@link
 * #close()} and, should the test JVM die first, by a shutdown hook.
 */
public final class AgentTestBed implements AutoCloseable {
  public static final String ENSEMBLE = "payments-zk";
  public static final String EAST = "us-east";
  public static final String WEST = "eu-west";
  public static final String EAST_SITE = "us-east-a";
  public static final String WEST_SITE = "eu-west-a";

  private static final Set<AgentTestBed> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(AgentTestBed::close), "agent-bed-reaper"));
  }

  private final Path dir;
  private final ControllerCluster controllers;
  private final AgentConfig eastConfig;
  private final AgentConfig westConfig;
  private final CatalogClient catalog;
  private final ZkServerSettings memberSettings;
  private volatile Agent east;
  private volatile Agent west;

  private AgentTestBed(Path dir, ControllerCluster controllers, ZkServerSettings settings) {
    this.dir = dir;
    this.controllers = controllers;
    this.memberSettings = settings;
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < controllers.size(); i++) {
      urls.add(URI.create(controllers.url(i)));
    }
    Map<String, URI> stores = new LinkedHashMap<>();
    stores.put(EAST, storeDir(EAST).toUri());
    stores.put(WEST, storeDir(WEST).toUri());
    List<MemberConfig> members = new ArrayList<>();
    for (int myid = 1; myid <= 3; myid++) {
      Path m = dir.resolve("zk").resolve("member-" + myid);
      members.add(
          new MemberConfig(
              myid,
              "127.0.0.1",
              LoopbackPorts.next(),
              LoopbackPorts.next(),
              LoopbackPorts.next(),
              0,
              m.resolve("data"),
              m.resolve("log"),
              new MemberControlConfig(
                  MemberControlConfig.Mode.MANAGED, List.of(), List.of(), Duration.ofSeconds(60))));
    }
    this.eastConfig =
        config(
            EAST_SITE + "-agent",
            EAST_SITE,
            EAST,
            urls,
            stores,
            List.of(new EnsembleConfig(ENSEMBLE, members)));
    this.westConfig = config(WEST_SITE + "-agent", WEST_SITE, WEST, urls, stores, List.of());
    this.catalog =
        new CatalogClient(
            new ControllerHttp(urls, Duration.ofSeconds(2), Duration.ofSeconds(10), "test"),
            "test-bed");
  }

  private AgentConfig config(
      String id,
      String site,
      String region,
      List<URI> urls,
      Map<String, URI> stores,
      List<EnsembleConfig> ensembles) {
    return new AgentConfig(
        id,
        site,
        region,
        urls,
        "127.0.0.1",
        0,
        dir.resolve("agent-" + site),
        stores,
        Map.of(),
        ensembles,
        ShippingConfig.defaults(),
        Duration.ofMillis(500),
        Duration.ofSeconds(2),
        2);
  }

  /**
   * Starts the controllers (job leases of {@code jobLease}), declares the regions and the ensemble,
   * and starts both agents with the standard handlers.
   */
  public static AgentTestBed start(String name, Duration jobLease)
      throws IOException, InterruptedException {
    Path dir = TestDirs.create(name);
    ControllerCluster controllers = ControllerCluster.start(name, 100_000, jobLease);
    AgentTestBed bed = new AgentTestBed(dir, controllers, ZkTestQuorum.TEST_SETTINGS);
    LIVE.add(bed);
    try {
      controllers.awaitLeaderKnownByAll(Duration.ofSeconds(30));
      for (String r : ControllerCluster.REGIONS) {
        bed.catalog.http().put("/v1/regions/" + r, Map.of("description", "region " + r));
      }
      bed.catalog.http().put("/v1/ensembles/" + ENSEMBLE, bed.ensembleSpec());
      bed.startEast(List.of());
      bed.startWest(List.of());
    } catch (IOException | InterruptedException | RuntimeException e) {
      bed.close();
      throw e;
    }
    return bed;
  }

  private Map<String, Object> ensembleSpec() {
    List<Map<String, Object>> members = new ArrayList<>();
    for (MemberConfig m : eastConfig.ensembles().get(0).members()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("myid", m.myid());
      mm.put("host", m.host());
      mm.put("clientPort", m.clientPort());
      mm.put("quorumPort", m.quorumPort());
      mm.put("electionPort", m.electionPort());
      mm.put("adminPort", 0);
      mm.put("dataDir", m.dataDir().toString());
      mm.put("dataLogDir", m.dataLogDir().toString());
      mm.put("role", "PARTICIPANT");
      mm.put("site", EAST_SITE);
      members.add(mm);
    }
    return Map.of("members", members, "homeRegion", EAST, "standbyRegions", List.of(WEST));
  }

  /** Starts (again) the us-east agent and its managed members. */
  public synchronized Agent startEast(List<JobHandler> extraHandlers)
      throws IOException, InterruptedException {
    if (east != null) {
      throw new IllegalStateException("the us-east agent runs");
    }
    east = Agent.start(eastConfig, extraHandlers, memberSettings);
    return east;
  }

  /** Starts (again) the eu-west agent. */
  public synchronized Agent startWest(List<JobHandler> extraHandlers)
      throws IOException, InterruptedException {
    if (west != null) {
      throw new IllegalStateException("the eu-west agent runs");
    }
    west = Agent.start(westConfig, extraHandlers, memberSettings);
    return west;
  }

  /** Stops the us-east agent (its running jobs are left to their leases) and its members. */
  public synchronized void stopEast() {
    if (east != null) {
      east.close();
      east = null;
    }
  }

  public synchronized void stopWest() {
    if (west != null) {
      west.close();
      west = null;
    }
  }

  public Agent east() {
    return east;
  }

  public Agent west() {
    return west;
  }

  public AgentConfig eastConfig() {
    return eastConfig;
  }

  public AgentConfig westConfig() {
    return westConfig;
  }

  public ControllerCluster controllers() {
    return controllers;
  }

  /** A catalog client for the test itself. */
  public CatalogClient catalog() {
    return catalog;
  }

  /** The directory of {@code region}'s file store. */
  public Path storeDir(String region) {
    return dir.resolve("store-" + region);
  }

  /** The ensemble's client connect string. */
  public String connectString() {
    return eastConfig.ensembles().get(0).connectString();
  }

  /** Creates a job; {@code site} may be null. */
  public Job createJob(
      String id, JobKind kind, String region, String site, Map<String, String> params) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("kind", kind.name());
    spec.put("ensemble", ENSEMBLE);
    if (region != null) {
      spec.put("region", region);
    }
    if (site != null) {
      spec.put("site", site);
    }
    spec.put("params", params);
    return catalog
        .http()
        .convert(catalog.http().post("/v1/jobs", Map.of("id", id, "spec", spec)), Job.class);
  }

  /** Waits until job {@code id} is in one of {@code states}; returns it. */
  public Job awaitJob(String id, Duration timeout, JobState... states) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Job last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = catalog.job(id).orElse(null);
      } catch (RuntimeException e) {
        last = null; // a controller restarting
      }
      if (last != null) {
        for (JobState s : states) {
          if (last.status().state() == s) {
            return last;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "job " + id + " not in " + List.of(states) + " after " + timeout + "; last: " + last);
  }

  /**
   * {@code c} as the agent's YAML file (the format {@code AgentMain} reads), written to {@code
   * file}.
   */
  public static Path writeConfig(AgentConfig c, Path file) throws IOException {
    return AgentConfigWriter.write(c, file);
  }

  /**
   * Runs {@code c} as a child {@code AgentMain} process (output in {@code <workDir>.out}); the
   * caller destroys it. Managed members it starts outlive a killed agent; the next agent on the
   * same config adopts them.
   */
  public static Process launchAgentProcess(AgentConfig c) throws IOException {
    java.nio.file.Files.createDirectories(c.workDir());
    Path yaml = writeConfig(c, c.workDir().resolveSibling(c.workDir().getFileName() + ".yaml"));
    Path out = c.workDir().resolveSibling(c.workDir().getFileName() + ".out");
    return new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.zkdr.agent.AgentMain",
                yaml.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .start();
  }

  @Override
  public void close() {
    LIVE.remove(this);
    stopEast();
    stopWest();
    controllers.close();
  }
}
