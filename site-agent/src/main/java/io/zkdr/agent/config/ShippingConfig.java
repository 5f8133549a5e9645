package io.zkdr.agent.config;

import java.time.Duration;

/**
 * How continuous log shipping cuts increments.
 *
 * @param segmentInterval cut an increment at least this often while transactions arrive
 * @param segmentMaxTxns cut an increment after this many transactions
 * @param pollInterval how often the live log is read for new records
 * @param gapGrace how long shipping waits for members that are not serving (or have not caught up)
 *     and may still hold txns that the serving members miss, before it declares a gap
 */
public record ShippingConfig(
    Duration segmentInterval, int segmentMaxTxns, Duration pollInterval, Duration gapGrace) {
  /** One second or 10,000 transactions, polled every 100 ms; a gap waits up to two minutes. */
  public static ShippingConfig defaults() {
    return new ShippingConfig(
        Duration.ofSeconds(1), 10_000, Duration.ofMillis(100), Duration.ofMinutes(2));
  }
}
