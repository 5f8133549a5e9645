package io.zkdr.agent;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.agent.health.HealthCollector;
import io.zkdr.agent.http.AgentHttpServer;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.job.JobRunner;
import io.zkdr.agent.member.ExternalMemberControl;
import io.zkdr.agent.member.ManagedMemberControl;
import io.zkdr.agent.member.MemberControl;
import io.zkdr.agent.metrics.AgentMetrics;
import io.zkdr.agent.store.RegionStores;
import io.zkdr.client.ControllerHttp;
import io.zkdr.model.JobKind;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running site agent: its managed members, the job runner (registration, heartbeats, leases) and
 * its HTTP endpoint. {@link #close()} stops leasing, interrupts running jobs (their leases expire
 * and another run resumes them) and stops the managed members.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final SiteServices services;
  private final List<MemberControl> controls;
  private final RegionStores stores;
  private final HealthCollector health;
  private JobRunner runner;
  private AgentHttpServer http;

  private Agent(SiteServices services, List<MemberControl> controls, HealthCollector health) {
    this.services = services;
    this.controls = controls;
    this.stores = services.stores();
    this.health = health;
  }

  /** The software version the agent reports. */
  public static String version() {
    String v = Agent.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /**
   * Starts an agent with the standard handlers plus {@code extraHandlers} (an extra handler
   * replaces the standard one of the same kind).
   */
  public static Agent start(AgentConfig config, List<JobHandler> extraHandlers)
      throws IOException, InterruptedException {
    return start(config, extraHandlers, ManagedMemberControl.defaultSettings());
  }

  /**
   * Starts an agent: its managed members first, then the job runner and the HTTP endpoint.
   *
   * @param managedSettings timing, heap and classpath of managed members' server JVMs
   */
  public static Agent start(
      AgentConfig config, List<JobHandler> extraHandlers, ZkServerSettings managedSettings)
      throws IOException, InterruptedException {
    Files.createDirectories(config.workDir());
    PrometheusMeterRegistry registry = AgentMetrics.newRegistry();
    ControllerHttp http =
        new ControllerHttp(
            config.controllers(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            "agent:" + config.agentId());
    CatalogClient catalog = new CatalogClient(http, config.agentId());
    Map<String, Map<Integer, MemberControl>> members = new LinkedHashMap<>();
    List<MemberControl> controls = new ArrayList<>();
    for (EnsembleConfig e : config.ensembles()) {
      Map<Integer, MemberControl> byId = new LinkedHashMap<>();
      for (MemberConfig m : e.members()) {
        Path dir = config.workDir().resolve("members").resolve(e.name()).resolve("" + m.myid());
        MemberControl c =
            m.control().mode() == MemberControlConfig.Mode.MANAGED
                ? new ManagedMemberControl(e, m, dir, managedSettings)
                : new ExternalMemberControl(m, dir);
        byId.put(m.myid(), c);
        controls.add(c);
      }
      members.put(e.name(), Collections.unmodifiableMap(byId));
    }
    RegionStores stores = new RegionStores(config.stores(), config.storeOptions());
    SiteServices services =
        new SiteServices(
            config, catalog, stores, Collections.unmodifiableMap(members), registry, version());
    HealthCollector health = new HealthCollector(config, members, registry);
    Agent agent = new Agent(services, controls, health);
    try {
      for (MemberControl c : controls) {
        if (c instanceof ManagedMemberControl) {
          c.start();
        }
      }
      // an extra handler replaces the standard one of its kind
      Map<JobKind, JobHandler> byKind = new EnumMap<>(JobKind.class);
      for (JobHandler h : StandardHandlers.handlers()) {
        byKind.put(h.kind(), h);
      }
      for (JobHandler h : extraHandlers) {
        byKind.put(h.kind(), h);
      }
      List<JobHandler> handlers = new ArrayList<>(byKind.values());
      agent.runner = new JobRunner(services, handlers, services.metrics(), health::collect);
      agent.runner.start();
      agent.http =
          AgentHttpServer.start(config.httpHost(), config.httpPort(), registry, agent::notReady);
    } catch (IOException | InterruptedException | RuntimeException e) {
      agent.close();
      throw e;
    }
    LOG.info(
        "agent {} of site {} in {} started (http port {})",
        config.agentId(),
        config.site(),
        config.region(),
        agent.httpPort());
    return agent;
  }

  /** Why the agent is not ready, or null when it is. */
  private String notReady() {
    if (runner == null || !runner.registered()) {
      return "not registered with the controllers";
    }
    Instant last = runner.lastHeartbeat();
    Duration window = services.config().heartbeatInterval().multipliedBy(3);
    if (last == null || last.isBefore(Instant.now().minus(window))) {
      return "no heartbeat accepted in the last " + window;
    }
    return null;
  }

  /** What every handler shares. */
  public SiteServices services() {
    return services;
  }

  /** The port of {@code /metrics} and {@code /health/*}. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** The health collector (its last readings). */
  public HealthCollector health() {
    return health;
  }

  /** The job runner. */
  public JobRunner runner() {
    return runner;
  }

  /** Stops leasing and running jobs, the HTTP endpoint, then the managed members. */
  @Override
  public void close() {
    if (runner != null) {
      runner.close();
    }
    if (http != null) {
      http.close();
    }
    for (MemberControl c : controls) {
      c.close();
    }
    stores.close();
  }
}
