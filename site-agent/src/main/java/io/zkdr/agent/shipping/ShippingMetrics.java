package io.zkdr.agent.shipping;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zkdr.agent.metrics.AgentMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The shipping figures of one ensemble (see {@code docs/metrics.md}): {@code
 * zkdr_shipping_lag_seconds{ensemble,region}}, {@code zkdr_shipping_gaps_total{ensemble}}, {@code
 * zkdr_artifact_bytes_total{op="ship",ensemble,region}} and {@code zkdr_artifacts_total} (through
 * {@link AgentMetrics}, so that every writer uses one label set).
 *
 * <p>The lag of a region is now minus the commit time of the last txn durable in its store. While
 * every txn the source has committed is durable there, nothing is behind and the lag is 0: an idle
 * ensemble is not a late one.
 *
 * <p>The lag state of an (ensemble, region) is shared by every run in one registry, so a run that
 * ends while a later one already started (a re-leased job) does not take the gauge with it.
 */
public final class ShippingMetrics implements AutoCloseable {

  /** Lag state and gauge by registry, then by ensemble and region; guarded by itself. */
  private static final Map<MeterRegistry, Map<String, SharedLag>> SHARED = new WeakHashMap<>();

  private final MeterRegistry registry;
  private final String ensemble;
  private final Clock clock;
  private final Counter gaps;
  private final AgentMetrics artifacts;
  private final Map<String, SharedLag> used = new HashMap<>();

  /** What one region has durable, and who exports it. */
  private static final class SharedLag {
    volatile long lastDurableTxnMillis = -1;
    volatile boolean caughtUp;
    Gauge gauge;
    int users;
  }

  public ShippingMetrics(MeterRegistry registry, String ensemble, Clock clock) {
    this.registry = registry;
    this.ensemble = ensemble;
    this.clock = clock;
    this.gaps =
        Counter.builder("zkdr.shipping.gaps")
            .description("transaction-log gaps found while shipping")
            .tag("ensemble", ensemble)
            .register(registry);
    this.artifacts = new AgentMetrics(registry);
  }

  private SharedLag region(String region) {
    synchronized (SHARED) {
      SharedLag mine = used.get(region);
      if (mine != null) {
        return mine;
      }
      Map<String, SharedLag> byKey = SHARED.computeIfAbsent(registry, r -> new HashMap<>());
      String key = ensemble + "\u0000" + region;
      SharedLag lag = byKey.get(key);
      if (lag == null) {
        lag = new SharedLag();
        lag.gauge =
            Gauge.builder("zkdr.shipping.lag.seconds", lag, this::lagSeconds)
                .description("now minus the commit time of the last txn durable in the region")
                .tags("ensemble", ensemble, "region", region)
                .strongReference(true)
                .register(registry);
        byKey.put(key, lag);
      }
      lag.users++;
      used.put(region, lag);
      return lag;
    }
  }

  private double lagSeconds(SharedLag lag) {
    if (lag.caughtUp) {
      return 0;
    }
    if (lag.lastDurableTxnMillis < 0) {
      return Double.NaN;
    }
    return Math.max(0, clock.millis() - lag.lastDurableTxnMillis) / 1000.0;
  }

  /** Txns up to one committed at {@code txnMillis} are durable in {@code region}. */
  public void durable(String region, long txnMillis) {
    SharedLag lag = region(region);
    lag.lastDurableTxnMillis = Math.max(lag.lastDurableTxnMillis, txnMillis);
  }

  /** Whether everything the source committed is durable in {@code region}. */
  public void caughtUp(String region, boolean caughtUp) {
    region(region).caughtUp = caughtUp;
  }

  /** The lag of {@code region} in seconds, as exported. */
  public double lag(String region) {
    return lagSeconds(region(region));
  }

  public void gap() {
    gaps.increment();
  }

  /** One artifact of {@code size} bytes written to {@code region}'s store. */
  public void written(String region, long size) {
    artifacts.artifactWritten("ship", ensemble, region, size);
  }

  /** Removes the lag gauges no other run uses; counters stay. */
  @Override
  public void close() {
    synchronized (SHARED) {
      Map<String, SharedLag> byKey = SHARED.getOrDefault(registry, Map.of());
      for (Map.Entry<String, SharedLag> e : used.entrySet()) {
        SharedLag lag = e.getValue();
        if (--lag.users == 0) {
          registry.remove(lag.gauge);
          byKey.remove(ensemble + "\u0000" + e.getKey());
        }
      }
      used.clear();
    }
  }
}
