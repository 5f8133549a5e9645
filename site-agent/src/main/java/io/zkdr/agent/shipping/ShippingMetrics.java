package io.zkdr.agent.shipping;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shipping figures of one ensemble (see {@code docs/metrics.md}): {@code
 * zkdr_shipping_lag_seconds{ensemble,region}}, {@code zkdr_shipping_gaps_total{ensemble}}, {@code
 * zkdr_artifact_bytes_total{op="ship"}} and {@code zkdr_artifacts_total{op="ship"}}.
 *
 * <p>The lag of a region is now minus the commit time of the last txn durable in its store. While
 * every txn the source has committed is durable there, nothing is behind and the lag is 0: an idle
 * ensemble is not a late one.
 */
public final class ShippingMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final String ensemble;
  private final Clock clock;
  private final Counter gaps;
  private final Counter bytes;
  private final Counter artifacts;
  private final Map<String, RegionLag> lags = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  /** What one region has durable. */
  private static final class RegionLag {
    volatile long lastDurableTxnMillis = -1;
    volatile boolean caughtUp;
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
    this.bytes =
        Counter.builder("zkdr.artifact.bytes")
            .description("bytes written to stores")
            .tag("op", "ship")
            .register(registry);
    this.artifacts =
        Counter.builder("zkdr.artifacts")
            .description("artifacts written")
            .tag("op", "ship")
            .register(registry);
  }

  private RegionLag region(String region) {
    return lags.computeIfAbsent(
        region,
        r -> {
          RegionLag lag = new RegionLag();
          gauges.put(
              r,
              Gauge.builder("zkdr.shipping.lag.seconds", lag, this::lagSeconds)
                  .description("now minus the commit time of the last txn durable in the region")
                  .tags("ensemble", ensemble, "region", r)
                  .strongReference(true)
                  .register(registry));
          return lag;
        });
  }

  private double lagSeconds(RegionLag lag) {
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
    RegionLag lag = region(region);
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

  public double gapsFound() {
    return gaps.count();
  }

  /** One artifact of {@code size} bytes written to one store. */
  public void written(long size) {
    bytes.increment(size);
    artifacts.increment();
  }

  /** Removes the lag gauges (a later run of the job registers its own); counters stay. */
  @Override
  public void close() {
    gauges.values().forEach(registry::remove);
    gauges.clear();
    lags.clear();
  }
}
