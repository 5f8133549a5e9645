package io.zkdr.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.agent.config.ShippingConfig;
import io.zkdr.agent.metrics.AgentMetrics;
import io.zkdr.model.AgentHealth;
import io.zkdr.model.HealthStatus;
import io.zkdr.net.LoopbackPorts;
import io.zkdr.testing.TestDirs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Health of members that do not run (closed loopback ports): the summary's shape and limits. */
class HealthCollectorTest {

  private static EnsembleConfig ensemble(String name, int members, Path dir) {
    List<MemberConfig> ms = new ArrayList<>();
    for (int i = 1; i <= members; i++) {
      ms.add(
          new MemberConfig(
              i,
              "127.0.0.1",
              LoopbackPorts.next(),
              LoopbackPorts.next(),
              LoopbackPorts.next(),
              0,
              dir.resolve(name + i),
              dir.resolve(name + i),
              new MemberControlConfig(
                  MemberControlConfig.Mode.EXTERNAL,
                  List.of("true"),
                  List.of("true"),
                  Duration.ofSeconds(1))));
    }
    return new EnsembleConfig(name, ms);
  }

  private static AgentConfig config(Path dir, List<EnsembleConfig> ensembles) {
    return new AgentConfig(
        "a",
        "s",
        "us-east",
        List.of(URI.create("http://127.0.0.1:1")),
        "127.0.0.1",
        0,
        dir,
        Map.of("us-east", dir.toUri()),
        Map.of(),
        ensembles,
        ShippingConfig.defaults(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        1);
  }

  @Test
  void reportsMembersDownWithGaugesAndShippingLag() {
    Path dir = TestDirs.create("health");
    MeterRegistry registry = AgentMetrics.newRegistry();
    AtomicReference<Double> lag = new AtomicReference<>(1.5);
    Gauge.builder("zkdr_shipping_lag_seconds", lag, AtomicReference::get)
        .tags("ensemble", "small", "region", "us-east")
        .register(registry);
    HealthCollector h =
        new HealthCollector(config(dir, List.of(ensemble("small", 2, dir))), Map.of(), registry);
    AgentHealth health = h.collect();
    assertEquals(HealthStatus.UNHEALTHY, health.status());
    assertEquals("false", health.details().get("member.small.1.up"));
    assertEquals("down", health.details().get("member.small.2.state"));
    assertEquals("none", health.details().get("ensemble.small.leader"));
    assertEquals("0/2", health.details().get("ensemble.small.up"));
    assertEquals("1.500", health.details().get("shipping.small.lag_seconds"));
    assertTrue(!health.details().get("member.small.1.disk_used_pct").isEmpty());
    assertEquals(
        0.0,
        registry.get("zkdr_zk_member_up").tags("ensemble", "small", "member", "1").gauge().value());
    double disk =
        registry
            .get("zkdr_zk_member_disk_used_ratio")
            .tags("member", "1", "dir", "datalog")
            .gauge()
            .value();
    assertTrue(disk > 0 && disk <= 1, "disk ratio " + disk);
  }

  @Test
  void summarisesBeyondOneHundredKeys() {
    Path dir = TestDirs.create("health-big");
    HealthCollector h =
        new HealthCollector(
            config(dir, List.of(ensemble("big", 30, dir), ensemble("other", 3, dir))),
            Map.of(),
            AgentMetrics.newRegistry());
    AgentHealth health = h.collect();
    assertTrue(health.details().size() <= HealthCollector.MAX_DETAILS, "" + health.details());
    assertEquals("198", health.details().get("members.omitted"));
    assertTrue(health.details().get("ensemble.big.down").startsWith("1,2,3"));
    assertEquals("none", health.details().get("ensemble.other.leader"));
  }
}
