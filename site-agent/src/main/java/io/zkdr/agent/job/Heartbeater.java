package io.zkdr.agent.job;

import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.NoControllerException;
import io.zkdr.model.AgentHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the agent and heartbeats its health on its own thread. Registers again when a
 * controller no longer knows the agent, and keeps trying while none answers.
 */
final class Heartbeater implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeater.class);

  private final CatalogClient catalog;
  private final String site;
  private final String region;
  private final String version;
  private final Duration interval;
  private final Supplier<AgentHealth> health;
  private final Thread thread;
  private volatile boolean registered;
  private volatile Instant lastHeartbeat;
  private volatile boolean closed;

  Heartbeater(
      CatalogClient catalog,
      String site,
      String region,
      String version,
      Duration interval,
      Supplier<AgentHealth> health) {
    this.catalog = catalog;
    this.site = site;
    this.region = region;
    this.version = version;
    this.interval = interval;
    this.health = health;
    this.thread = new Thread(this::loop, "agent-heartbeat");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the agent has registered with the controllers since it started. */
  boolean registered() {
    return registered;
  }

  /** When the last heartbeat was accepted, or null. */
  Instant lastHeartbeat() {
    return lastHeartbeat;
  }

  /** Makes the next round register again (a controller no longer knows the agent). */
  void forgetRegistration() {
    registered = false;
  }

  /** Registers now (blocking), so that leases can begin. */
  void registerNow() {
    catalog.register(site, region, version);
    registered = true;
  }

  private void loop() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), interval);
    while (!closed) {
      try {
        if (!registered) {
          registerNow();
        }
        catalog.heartbeat(version, health.get());
        lastHeartbeat = Instant.now();
        backoff.reset();
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (NoControllerException e) {
        if (closed) {
          return;
        }
        LOG.warn("no controller answered a heartbeat: {}", e.getMessage());
        if (!pause(backoff)) {
          return;
        }
      } catch (ApiCallException e) {
        if (e.notFound()) {
          registered = false; // the catalog lost the agent (restored from an older state)
        } else {
          LOG.warn("heartbeat refused: {}", e.getMessage());
        }
        if (!pause(backoff)) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.warn("heartbeat failed", e);
        if (!pause(backoff)) {
          return;
        }
      }
    }
  }

  private boolean pause(Backoff backoff) {
    try {
      backoff.pause();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
