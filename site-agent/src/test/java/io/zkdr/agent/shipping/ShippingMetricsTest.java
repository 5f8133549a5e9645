package io.zkdr.agent.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ShippingMetricsTest {

  private static Double lag(SimpleMeterRegistry r, String region) {
    var g = r.find("zkdr.shipping.lag.seconds").tags("ensemble", "zk", "region", region).gauge();
    return g == null ? null : g.value();
  }

  @Test
  void lagIsNowMinusTheLastDurableCommitTimeAndZeroWhenCaughtUp() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(10_000), ZoneOffset.UTC);
    try (ShippingMetrics m = new ShippingMetrics(r, "zk", clock)) {
      m.durable("eu-west", 7_500);
      assertEquals(2.5, lag(r, "eu-west"));
      m.caughtUp("eu-west", true);
      assertEquals(0.0, lag(r, "eu-west"));
      m.written("eu-west", 100);
      m.written("eu-west", 50);
      m.written("us-east", 70);
      // One label set with the capture and replication counters: op, ensemble, region.
      assertEquals(
          150.0,
          r.find("zkdr_artifact_bytes")
              .tags("op", "ship", "ensemble", "zk", "region", "eu-west")
              .counter()
              .count());
      assertEquals(
          3.0,
          r.find("zkdr_artifacts").tag("op", "ship").counters().stream()
              .mapToDouble(c -> c.count())
              .sum());
    }
    assertNull(lag(r, "eu-west"), "the gauge goes with the last run");
  }

  @Test
  void aRunEndingWhileAnotherShipsKeepsTheSharedGauge() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(10_000), ZoneOffset.UTC);
    ShippingMetrics later = new ShippingMetrics(r, "zk", clock);
    try (ShippingMetrics earlier = new ShippingMetrics(r, "zk", clock)) {
      earlier.durable("us-east", 9_000);
      later.durable("us-east", 8_000);
    }
    assertNotNull(lag(r, "us-east"));
    later.durable("us-east", 9_500);
    assertEquals(0.5, lag(r, "us-east"));
    later.close();
    assertNull(lag(r, "us-east"));
  }
}
