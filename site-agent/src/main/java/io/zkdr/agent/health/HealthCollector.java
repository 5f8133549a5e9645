package io.zkdr.agent.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.member.MemberControl;
import io.zkdr.agent.member.MemberProbe;
import io.zkdr.model.AgentHealth;
import io.zkdr.model.HealthStatus;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Looks at every member the agent manages, keeps the {@code zkdr_zk_member_*} gauges of {@code
 * docs/metrics.md} current and summarises the readings as the heartbeat's {@link AgentHealth}.
 *
 * <p>Status: UNHEALTHY when no member of an ensemble at this site serves (all down, or up without a
 * quorum), DEGRADED when a member is down or a disk is more than 90 % full, else HEALTHY.
 */
public final class HealthCollector {
  /** Most detail keys one heartbeat carries (the API's limit). */
  public static final int MAX_DETAILS = 100;

  private static final Duration PROBE = Duration.ofMillis(1000);
  private static final double DISK_WARN = 0.9;

  private final AgentConfig config;
  private final Map<String, Map<Integer, MemberControl>> members;
  private final MeterRegistry registry;
  private final Map<String, MemberReading> latest = new ConcurrentHashMap<>();

  public HealthCollector(
      AgentConfig config,
      Map<String, Map<Integer, MemberControl>> members,
      MeterRegistry registry) {
    this.config = config;
    this.members = members;
    this.registry = registry;
    for (EnsembleConfig e : config.ensembles()) {
      for (MemberConfig m : e.members()) {
        registerGauges(e.name(), m.myid());
      }
    }
  }

  /** The last reading of each member, by {@code <ensemble>.<myid>}. */
  public Map<String, MemberReading> latest() {
    return Map.copyOf(latest);
  }

  /** Reads every member now, updates the gauges and returns the heartbeat summary. */
  public AgentHealth collect() {
    List<MemberReading> readings = new ArrayList<>();
    for (EnsembleConfig e : config.ensembles()) {
      for (MemberConfig m : e.members()) {
        MemberReading r = read(e.name(), m);
        latest.put(key(e.name(), m.myid()), r);
        readings.add(r);
      }
    }
    return summarise(readings);
  }

  private MemberReading read(String ensemble, MemberConfig m) {
    MemberControl control = members.getOrDefault(ensemble, Map.of()).get(m.myid());
    boolean answers = MemberProbe.answersRuok(m, PROBE);
    boolean processUp = control == null ? answers : control.isRunning();
    boolean up = processUp && answers;
    Map<String, String> mntr = Map.of();
    long zxid = -1;
    if (up) {
      try {
        mntr = FourLetterWords.mntr(m.host(), m.clientPort(), PROBE);
        zxid = FourLetterWords.srvr(m.host(), m.clientPort(), PROBE).zxid();
      } catch (IOException ex) {
        // answered ruok a moment ago; the next round will tell
      }
    }
    return new MemberReading(
        ensemble,
        m.myid(),
        processUp,
        up,
        mntr,
        zxid,
        usedRatio(m.dataDir()),
        usedRatio(m.dataLogDir()));
  }

  static double usedRatio(Path dir) {
    try {
      Path p = dir;
      while (p != null && !Files.exists(p)) {
        p = p.getParent();
      }
      if (p == null) {
        return -1;
      }
      FileStore fs = Files.getFileStore(p);
      long total = fs.getTotalSpace();
      return total <= 0 ? -1 : (double) (total - fs.getUsableSpace()) / total;
    } catch (IOException e) {
      return -1;
    }
  }

  /** The heartbeat summary of {@code readings}; at most {@link #MAX_DETAILS} keys. */
  AgentHealth summarise(List<MemberReading> readings) {
    Map<String, String> details = new LinkedHashMap<>();
    Map<String, String> memberDetails = new LinkedHashMap<>();
    HealthStatus status = HealthStatus.HEALTHY;
    for (EnsembleConfig e : config.ensembles()) {
      List<MemberReading> mine =
          readings.stream().filter(r -> r.ensemble().equals(e.name())).toList();
      long up = mine.stream().filter(MemberReading::up).count();
      long serving = mine.stream().filter(MemberReading::serving).count();
      // only this site's members are probed: a leader elsewhere shows as followers here
      String leader =
          mine.stream()
              .filter(MemberReading::leads)
              .map(r -> String.valueOf(r.myid()))
              .findFirst()
              .orElse(serving > 0 ? "other-site" : "none");
      details.put("ensemble." + e.name() + ".leader", leader);
      details.put("ensemble." + e.name() + ".up", up + "/" + mine.size());
      if (serving == 0) {
        status = HealthStatus.UNHEALTHY; // nothing up, or up without a quorum
      } else if (up < mine.size()) {
        status = worse(status, HealthStatus.DEGRADED);
      }
      for (MemberReading r : mine) {
        String p = "member." + e.name() + "." + r.myid() + ".";
        memberDetails.put(p + "state", r.state());
        memberDetails.put(p + "up", String.valueOf(r.up()));
        memberDetails.put(p + "avg_latency_ms", number(r.figure("zk_avg_latency")));
        memberDetails.put(p + "znodes", number(r.figure("zk_znode_count")));
        memberDetails.put(p + "last_zxid", r.lastZxid() < 0 ? "" : Zxid.hex(r.lastZxid()));
        double disk = Math.max(r.dataDiskUsedRatio(), r.dataLogDiskUsedRatio());
        memberDetails.put(p + "disk_used_pct", disk < 0 ? "" : String.format("%.1f", disk * 100));
        if (disk > DISK_WARN) {
          status = worse(status, HealthStatus.DEGRADED);
        }
      }
    }
    for (Gauge g : registry.find("zkdr_shipping_lag_seconds").gauges()) {
      String ensemble = g.getId().getTag("ensemble");
      String region = g.getId().getTag("region");
      if (ensemble != null && (region == null || region.equals(config.region()))) {
        details.put("shipping." + ensemble + ".lag_seconds", number(g.value()));
      }
    }
    if (details.size() + memberDetails.size() <= MAX_DETAILS) {
      details.putAll(memberDetails);
    } else {
      // too many members for one heartbeat: keep the per-ensemble lines and name the members down
      for (EnsembleConfig e : config.ensembles()) {
        if (details.size() >= MAX_DETAILS) {
          break;
        }
        List<String> down =
            readings.stream()
                .filter(r -> r.ensemble().equals(e.name()) && !r.up())
                .map(r -> String.valueOf(r.myid()))
                .toList();
        details.put("ensemble." + e.name() + ".down", String.join(",", down));
      }
      details.put("members.omitted", String.valueOf(memberDetails.size()));
    }
    return new AgentHealth(status, trim(details));
  }

  private static Map<String, String> trim(Map<String, String> details) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : details.entrySet()) {
      if (out.size() >= MAX_DETAILS) {
        break;
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static HealthStatus worse(HealthStatus a, HealthStatus b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.3f", v);
  }

  private static String key(String ensemble, int myid) {
    return ensemble + "." + myid;
  }

  private void registerGauges(String ensemble, int myid) {
    Tags tags =
        Tags.of(
            "ensemble",
            ensemble,
            "member",
            String.valueOf(myid),
            "site",
            config.site(),
            "region",
            config.region());
    String k = key(ensemble, myid);
    gauge("zkdr_zk_member_up", tags, k, r -> r.up() ? 1 : 0);
    gauge("zkdr_zk_member_is_leader", tags, k, r -> r.leads() ? 1 : 0);
    gauge("zkdr_zk_member_avg_latency_ms", tags, k, r -> r.figure("zk_avg_latency"));
    gauge("zkdr_zk_member_max_latency_ms", tags, k, r -> r.figure("zk_max_latency"));
    gauge("zkdr_zk_member_outstanding_requests", tags, k, r -> r.figure("zk_outstanding_requests"));
    gauge("zkdr_zk_member_alive_connections", tags, k, r -> r.figure("zk_num_alive_connections"));
    gauge("zkdr_zk_member_znode_count", tags, k, r -> r.figure("zk_znode_count"));
    gauge(
        "zkdr_zk_member_approximate_data_size_bytes",
        tags,
        k,
        r -> r.figure("zk_approximate_data_size"));
    gauge("zkdr_zk_member_ephemerals_count", tags, k, r -> r.figure("zk_ephemerals_count"));
    gauge("zkdr_zk_member_last_zxid", tags, k, r -> r.lastZxid() < 0 ? Double.NaN : r.lastZxid());
    gauge(
        "zkdr_zk_member_disk_used_ratio",
        tags.and("dir", "data"),
        k,
        r -> r.dataDiskUsedRatio() < 0 ? Double.NaN : r.dataDiskUsedRatio());
    gauge(
        "zkdr_zk_member_disk_used_ratio",
        tags.and("dir", "datalog"),
        k,
        r -> r.dataLogDiskUsedRatio() < 0 ? Double.NaN : r.dataLogDiskUsedRatio());
  }

  private void gauge(String name, Tags tags, String key, ToDoubleFunction<MemberReading> f) {
    Gauge.builder(
            name,
            latest,
            m -> {
              MemberReading r = m.get(key);
              return r == null ? Double.NaN : f.applyAsDouble(r);
            })
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }
}
