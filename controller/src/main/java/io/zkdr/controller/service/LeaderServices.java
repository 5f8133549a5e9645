package io.zkdr.controller.service;

import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.raft.LeadershipListener;
import io.zkdr.controller.raft.RaftNode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services that run only on the Raft leader: the scheduler, the lease reaper (dispatcher),
 * retention and the data-path planner. They start when this controller becomes a ready leader and
 * stop when it loses leadership, so a new leader takes over without a restart. All their effects
 * are commands, so a pass that a deposed leader had started cannot make the catalog inconsistent.
 */
public final class LeaderServices implements LeadershipListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderServices.class);

  /** How often each service runs. */
  public record Intervals(
      Duration scheduler, Duration leaseReaper, Duration retention, Duration planner) {
    /** With the data-path planner at its default period of two seconds. */
    public Intervals(Duration scheduler, Duration leaseReaper, Duration retention) {
      this(scheduler, leaseReaper, retention, Duration.ofSeconds(2));
    }

    /** Production defaults. */
    public static Intervals defaults() {
      return new Intervals(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(1));
    }
  }

  private final String nodeId;
  private final Scheduler scheduler;
  private final LeaseReaper reaper;
  private final RetentionService retention;
  private final DataPathPlanner planner;
  private final Intervals intervals;
  private ScheduledExecutorService running;
  private volatile boolean closed;

  public LeaderServices(RaftNode raft, Clock clock, Intervals intervals) {
    Supplier<CatalogStore> store = raft.stateMachine()::store;
    this.nodeId = raft.selfId().toString();
    this.scheduler = new Scheduler(store, new CommandSubmitter(raft, clock, "scheduler"), clock);
    this.reaper = new LeaseReaper(store, new CommandSubmitter(raft, clock, "dispatcher"), clock);
    this.retention = new RetentionService(store, new CommandSubmitter(raft, clock, "retention"));
    this.planner = new DataPathPlanner(store, new CommandSubmitter(raft, clock, "planner"), clock);
    this.intervals = intervals;
  }

  /** Whether the services run here now. */
  public synchronized boolean active() {
    return running != null;
  }

  @Override
  public synchronized void onLeaderReady(long term) {
    if (closed || running != null) {
      return;
    }
    LOG.info(
        "{} leads term {}: starting scheduler, dispatcher, retention and planner", nodeId, term);
    running =
        Executors.newScheduledThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "leader-services-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    planner.restart();
    every(intervals.scheduler(), "scheduler", scheduler::tick);
    every(intervals.leaseReaper(), "dispatcher", reaper::tick);
    every(intervals.retention(), "retention", retention::tick);
    every(intervals.planner(), "planner", planner::tick);
  }

  private void every(Duration period, String name, Pass pass) {
    running.scheduleWithFixedDelay(
        () -> {
          try {
            pass.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            LOG.warn("{} pass on {} failed; will retry", name, nodeId, e);
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void onNotLeader() {
    if (running != null) {
      LOG.info("{} is no longer leader: stopping leader services", nodeId);
      running.shutdownNow();
      running = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    onNotLeader();
  }

  @FunctionalInterface
  private interface Pass {
    void run() throws InterruptedException;
  }
}
