package io.zkdr.agent.job;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.catalog.LeaseLostException;
import io.zkdr.agent.metrics.AgentMetrics;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.NoControllerException;
import io.zkdr.model.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leased job on its way through its handler: renews the lease every third of its length while
 * the handler works, stops the handler when the lease is lost, and reports the end (completion or
 * failure), retrying the report while no controller answers.
 */
final class RunningJob implements JobContext, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningJob.class);
  private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  private final Job job;
  private final int attempt;
  private final JobHandler handler;
  private final SiteServices site;
  private final AgentMetrics metrics;
  private final ScheduledExecutorService renewals;
  private final BooleanSupplier closing;
  private final Duration lease;
  private Thread thread; // guarded by this
  private boolean done; // guarded by this
  private volatile boolean lost;
  private volatile String lastProgress = "running";

  RunningJob(
      Job job,
      JobHandler handler,
      SiteServices site,
      AgentMetrics metrics,
      ScheduledExecutorService renewals,
      BooleanSupplier closing) {
    this.job = job;
    this.attempt = Math.max(1, job.status() == null ? 1 : job.status().attempts());
    this.handler = handler;
    this.site = site;
    this.metrics = metrics;
    this.renewals = renewals;
    this.closing = closing;
    this.lease = leaseLength(job);
  }

  /** The lease's length as the controller granted it (until minus the grant time). */
  static Duration leaseLength(Job job) {
    if (job.status() == null
        || job.status().leaseUntil() == null
        || job.status().updatedAt() == null) {
      return DEFAULT_LEASE;
    }
    Duration d = Duration.between(job.status().updatedAt(), job.status().leaseUntil());
    return d.isNegative() || d.isZero() ? DEFAULT_LEASE : d;
  }

  @Override
  public Job job() {
    return job;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public SiteServices site() {
    return site;
  }

  @Override
  public void progress(String text) {
    if (lost) {
      throw new LeaseLostException(job.id(), attempt, "the lease was lost earlier");
    }
    lastProgress = text == null ? "running" : text;
    try {
      site.catalog().progress(job.id(), attempt, lastProgress);
    } catch (LeaseLostException e) {
      lost = true;
      throw e;
    } catch (NoControllerException e) {
      // the automatic renewal keeps trying; a handler need not stop for this
      LOG.debug("progress of {} not reported: {}", job.id(), e.getMessage());
    }
  }

  /** Whether the lease was found lost. */
  boolean lost() {
    return lost;
  }

  /** Interrupts the handler (the agent stops). */
  synchronized void interrupt() {
    if (!done && thread != null) {
      thread.interrupt();
    }
  }

  private void renew() {
    if (lost) {
      return;
    }
    try {
      site.catalog().progress(job.id(), attempt, lastProgress);
    } catch (LeaseLostException e) {
      LOG.warn("lease of job {} lost: {}", job.id(), e.getMessage());
      lost = true;
      interrupt();
    } catch (ApiCallException e) {
      if (e.notFound()) {
        lost = true;
        interrupt();
      } else {
        LOG.warn("renewing the lease of job {} failed: {}", job.id(), e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.debug("renewing the lease of job {} failed: {}", job.id(), e.getMessage());
    }
  }

  @Override
  public void run() {
    synchronized (this) {
      thread = Thread.currentThread();
    }
    long every = Math.max(100, lease.toMillis() / 3);
    ScheduledFuture<?> renewal =
        renewals.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    String outcome = "interrupted";
    try {
      outcome = execute();
    } finally {
      renewal.cancel(false);
      metrics.job(job.spec().kind(), outcome, Duration.ofNanos(System.nanoTime() - started));
      synchronized (this) {
        done = true;
        thread = null;
      }
      Thread.interrupted(); // an interrupt meant for this job must not reach the pool's next one
    }
  }

  private String execute() {
    LOG.info("running job {} ({}, attempt {})", job.id(), job.spec().kind(), attempt);
    Map<String, String> result;
    try {
      result = handler.run(this);
    } catch (LeaseLostException e) {
      lost = true;
      return "lease_lost";
    } catch (InterruptedException e) {
      return lost ? "lease_lost" : "interrupted";
    } catch (JobFailedException e) {
      if (lost || closing.getAsBoolean()) {
        return lost ? "lease_lost" : "interrupted";
      }
      LOG.warn("job {} failed (retryable: {}): {}", job.id(), e.retryable(), e.getMessage());
      return report(
          () -> site.catalog().fail(job.id(), attempt, describe(e), e.retryable()),
          e.retryable() ? "retry" : "failed");
    } catch (RuntimeException e) {
      if (lost || closing.getAsBoolean()) {
        return lost ? "lease_lost" : "interrupted";
      }
      LOG.warn("job {} failed unexpectedly", job.id(), e);
      return report(() -> site.catalog().fail(job.id(), attempt, describe(e), true), "retry");
    }
    if (lost) {
      return "lease_lost";
    }
    Map<String, String> done = result == null ? Map.of() : result;
    LOG.info("job {} succeeded: {}", job.id(), done);
    return report(() -> site.catalog().complete(job.id(), attempt, done), "succeeded");
  }

  private static String describe(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable c = e.getCause();
    return c != null && c.getMessage() != null && !m.contains(c.getMessage())
        ? m + ": " + c.getMessage()
        : m;
  }

  /** Sends the final report until it is accepted, the lease is gone, or twice the lease passed. */
  private String report(Runnable call, String outcome) {
    Instant giveUp = Instant.now().plus(lease.multipliedBy(2));
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    while (true) {
      try {
        call.run();
        return outcome;
      } catch (LeaseLostException e) {
        LOG.warn("job {}: {}", job.id(), e.getMessage());
        lost = true;
        return "lease_lost";
      } catch (NoControllerException e) {
        if (Instant.now().isAfter(giveUp) || closing.getAsBoolean()) {
          LOG.warn("job {}: no controller took its end report; its lease will expire", job.id());
          return "unreported";
        }
        try {
          backoff.pause();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return "unreported";
        }
      } catch (ApiCallException e) {
        LOG.warn("job {}: end report refused: {}", job.id(), e.getMessage());
        return "unreported";
      }
    }
  }
}
