package io.zkdr.agent.job;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.metrics.AgentMetrics;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.NoControllerException;
import io.zkdr.model.AgentHealth;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's job loop: registers, heartbeats on its own thread, long-polls leases for the kinds it
 * has handlers and free capacity for, and runs each job in a bounded pool of {@code
 * maxConcurrentJobs} threads (long-running handlers get a thread each). Leases of running jobs are
 * renewed automatically; while no controller answers it backs off and tries again, so controller
 * leader changes and restarts only delay it.
 *
 * <p>{@link #close()} stops leasing, interrupts the running jobs and returns without reporting
 * them: their leases expire and another run resumes them (handlers are idempotent).
 */
public final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final SiteServices site;
  private final AgentMetrics metrics;
  private final Map<JobKind, JobHandler> handlers = new EnumMap<>(JobKind.class);
  private final Heartbeater heartbeater;
  private final Semaphore slots;
  private final ExecutorService pool;
  private final ScheduledExecutorService renewals;
  private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();
  private final Set<Thread> longRunningThreads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threadSeq = new AtomicInteger();
  private final Thread leaseThread;
  private volatile boolean closed;

  /**
   * @param site the agent's services (config, catalog client, stores, members, metrics)
   * @param handlers one handler per kind this agent runs
   * @param health the health sent with each heartbeat (called on the heartbeat thread)
   */
  public JobRunner(
      SiteServices site,
      List<JobHandler> handlers,
      AgentMetrics metrics,
      Supplier<AgentHealth> health) {
    this.site = site;
    this.metrics = metrics;
    for (JobHandler h : handlers) {
      if (this.handlers.put(h.kind(), h) != null) {
        throw new IllegalArgumentException("two handlers for job kind " + h.kind());
      }
    }
    int max = site.config().maxConcurrentJobs();
    this.slots = new Semaphore(max);
    this.pool =
        Executors.newFixedThreadPool(
            max, r -> daemon(r, "agent-job-" + threadSeq.incrementAndGet()));
    // two threads, so that one renewal waiting on an unreachable controller delays no other
    this.renewals =
        Executors.newScheduledThreadPool(
            2, r -> daemon(r, "agent-lease-renew-" + threadSeq.incrementAndGet()));
    this.heartbeater =
        new Heartbeater(
            site.catalog(),
            site.config().site(),
            site.config().region(),
            site.version(),
            site.config().heartbeatInterval(),
            health);
    this.leaseThread = daemon(this::leaseLoop, "agent-lease");
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts heartbeats and leasing. */
  public void start() {
    heartbeater.start();
    leaseThread.start();
  }

  /** Whether the agent has registered with the controllers. */
  public boolean registered() {
    return heartbeater.registered();
  }

  /** When the controllers last accepted a heartbeat, or null. */
  public Instant lastHeartbeat() {
    return heartbeater.lastHeartbeat();
  }

  /** Ids of the jobs running now. */
  public List<String> runningJobs() {
    return running.stream().map(j -> j.job().id()).sorted().toList();
  }

  /** The kinds to ask for now: every kind while a pool slot is free, else the long-running ones. */
  private List<JobKind> leasableKinds() {
    boolean free = slots.availablePermits() > 0;
    List<JobKind> kinds = new ArrayList<>();
    for (JobHandler h : handlers.values()) {
      if (free || h.longRunning()) {
        kinds.add(h.kind());
      }
    }
    return kinds;
  }

  private void leaseLoop() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    while (!closed) {
      try {
        if (!heartbeater.registered()) {
          heartbeater.registerNow();
        }
        if (handlers.isEmpty()) {
          Thread.sleep(1000);
          continue;
        }
        List<JobKind> kinds = leasableKinds();
        if (kinds.isEmpty()) {
          // no handler or no free slot; an empty list would mean "any kind" to the controller
          if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
            continue;
          }
          slots.release();
          continue;
        }
        Optional<Job> leased = site.catalog().lease(kinds, site.config().leaseWait());
        backoff.reset();
        if (leased.isPresent()) {
          dispatch(leased.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (NoControllerException | ApiCallException e) {
        if (closed) {
          return;
        }
        if (e instanceof ApiCallException a && a.notFound()) {
          heartbeater.forgetRegistration();
        }
        LOG.warn("leasing failed: {}", e.getMessage());
        try {
          backoff.pause();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      } catch (RuntimeException e) {
        LOG.error("lease loop error", e);
        try {
          backoff.pause();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void dispatch(Job job) {
    JobHandler handler = handlers.get(job.spec().kind());
    if (closed || handler == null) {
      // leased while stopping (or a kind we did not ask for): the lease expires and it runs again
      LOG.warn("not running job {} ({})", job.id(), job.spec().kind());
      return;
    }
    RunningJob r = new RunningJob(job, handler, site, metrics, renewals, () -> closed);
    running.add(r);
    if (handler.longRunning()) {
      Thread t =
          daemon(
              () -> {
                try {
                  r.run();
                } finally {
                  running.remove(r);
                  longRunningThreads.remove(Thread.currentThread());
                }
              },
              "agent-job-" + job.spec().kind().name().toLowerCase() + "-" + job.spec().ensemble());
      longRunningThreads.add(t);
      t.start();
      return;
    }
    if (!slots.tryAcquire()) {
      // cannot happen: kinds are asked for only while a slot is free and one thread leases
      running.remove(r);
      LOG.error("no free slot for job {}", job.id());
      return;
    }
    pool.execute(
        () -> {
          try {
            r.run();
          } finally {
            running.remove(r);
            slots.release();
          }
        });
  }

  /** Stops leasing and heartbeats, interrupts running jobs and waits briefly for them. */
  @Override
  public void close() {
    closed = true;
    leaseThread.interrupt();
    for (RunningJob r : running) {
      r.interrupt();
    }
    pool.shutdownNow();
    for (Thread t : longRunningThreads) {
      t.interrupt();
    }
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
      for (Thread t : longRunningThreads) {
        t.join(5000);
      }
      leaseThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    renewals.shutdownNow();
    heartbeater.close();
  }
}
