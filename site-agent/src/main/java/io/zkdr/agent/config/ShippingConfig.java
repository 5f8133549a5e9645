package io.zkdr.agent.config;

import java.time.Duration;

/**
 * How continuous log shipping cuts increments.
 *
 * @param segmentInterval cut an increment at least this often while transactions arrive
 * @param segmentMaxTxns cut an increment after this many transactions
 * @param pollInterval how often the live log is read for new records
 */
public record ShippingConfig(Duration segmentInterval, int segmentMaxTxns, Duration pollInterval) {
  /** One second or 10,000 transactions, polled every 100 ms. */
  public static ShippingConfig defaults() {
    return new ShippingConfig(Duration.ofSeconds(1), 10_000, Duration.ofMillis(100));
  }
}
