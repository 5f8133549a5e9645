package io.zkdr.controller;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.zkdr.controller.api.ApiServer;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.controller.metrics.ControllerMetrics;
import io.zkdr.controller.raft.RaftNode;
import io.zkdr.controller.service.LeaderServices;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running controller: its Raft member and catalog, the HTTP API, metrics and the services that
 * run while it leads.
 */
public final class Controller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  /** Event loops, and so HTTP server instances, per controller: one per core, at least two. */
  private final ControllerConfig config;

  private final RaftNode raft;
  private final Vertx vertx;
  private ControllerMetrics metrics;
  private ApiServer api;
  private LeaderServices services;
  private final Clock clock;
  private final LeaderServices.Intervals intervals;
  private int httpPort;
  private volatile boolean closed;

  private Controller(
      ControllerConfig config,
      Clock clock,
      LeaderServices.Intervals intervals,
      Consumer<Throwable> onFatal)
      throws IOException {
    this.config = config;
    this.clock = clock;
    this.intervals = intervals;
    this.raft = new RaftNode(config, onFatal);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.httpEventLoops()));
  }

  /**
   * Starts a controller.
   *
   * @param onFatal called when the catalog cannot be written and the node must stop
   */
  public static Controller start(ControllerConfig config, Consumer<Throwable> onFatal)
      throws IOException {
    return start(config, Clock.systemUTC(), LeaderServices.Intervals.defaults(), onFatal);
  }

  /**
   * Starts a controller with a given clock and leader-service intervals (tests use a clock they
   * move by hand).
   */
  public static Controller start(
      ControllerConfig config,
      Clock clock,
      LeaderServices.Intervals intervals,
      Consumer<Throwable> onFatal)
      throws IOException {
    Controller c = new Controller(config, clock, intervals, onFatal);
    try {
      c.startParts();
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void startParts() throws IOException {
    services = new LeaderServices(raft, clock, intervals);
    raft.stateMachine().addLeadershipListener(services);
    raft.start();
    CatalogStore store = raft.stateMachine().store();
    metrics = new ControllerMetrics(raft, store);
    api = new ApiServer(vertx, config, raft, store, metrics, clock, config.httpEventLoops());
    httpPort = api.start();
    LOG.info(
        "controller {} serving HTTP on {}:{}",
        config.nodeId(),
        config.self().http().host(),
        httpPort);
  }

  public ControllerConfig config() {
    return config;
  }

  public RaftNode raft() {
    return raft;
  }

  /** The catalog database of this controller. */
  public CatalogStore store() {
    return raft.stateMachine().store();
  }

  /** The leader-only services of this controller. */
  public LeaderServices services() {
    return services;
  }

  /** The port the HTTP API listens on. */
  public int httpPort() {
    return httpPort;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (services != null) {
      services.close();
    }
    if (api != null) {
      api.close();
    }
    raft.close();
    if (metrics != null) {
      metrics.close();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("closing vert.x of {} failed", config.nodeId(), e);
    }
  }
}
