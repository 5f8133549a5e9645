package io.zkdr.controller.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.raft.RaftNode;
import io.zkdr.controller.raft.RaftStatus;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's Prometheus metrics: Raft role, term, commit and applied index, leader changes,
 * jobs by kind and state, catalog sizes, and HTTP request latencies.
 */
public final class ControllerMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerMetrics.class);
  private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<JobKind, Map<JobState, AtomicLong>> jobs = new EnumMap<>(JobKind.class);
  private final Counter leaderChanges;
  private final ScheduledExecutorService refresher;
  private final CatalogStore store;

  public ControllerMetrics(RaftNode raft, CatalogStore store) {
    this.store = store;
    Gauge.builder("zkdr_raft_role", raft, r -> roleValue(r.status()))
        .description("0 follower, 1 candidate, 2 leader, 3 listener, -1 unknown")
        .register(registry);
    Gauge.builder("zkdr_raft_term", raft, r -> r.status().term()).register(registry);
    FunctionCounter.builder("zkdr_raft_entries_submitted", raft, RaftNode::entriesSubmitted)
        .description("log entries this controller submitted; commands are grouped into entries")
        .register(registry);
    FunctionCounter.builder("zkdr_raft_commands_submitted", raft, RaftNode::commandsSubmitted)
        .description("commands this controller submitted in its own log entries")
        .register(registry);
    FunctionCounter.builder("zkdr_raft_commands_forwarded", raft, RaftNode::commandsForwarded)
        .description("commands this controller's API received and forwarded to the leader's")
        .register(registry);
    Gauge.builder("zkdr_raft_commit_index", raft, r -> r.status().commitIndex()).register(registry);
    Gauge.builder("zkdr_raft_applied_index", raft, r -> r.status().appliedIndex())
        .register(registry);
    leaderChanges =
        Counter.builder("zkdr_raft_leader_changes").description("leaders seen").register(registry);
    raft.stateMachine().addLeaderChangeListener(id -> leaderChanges.increment());
    for (JobKind k : JobKind.values()) {
      Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);
      for (JobState s : JobState.values()) {
        AtomicLong v = new AtomicLong();
        byState.put(s, v);
        Gauge.builder("zkdr_jobs", v, AtomicLong::get)
            .tag("kind", k.name())
            .tag("state", s.name())
            .register(registry);
      }
      jobs.put(k, byState);
    }
    for (Table t : Table.values()) {
      if (t != Table.META) {
        Gauge.builder("zkdr_catalog_entries", store, s -> s.estimateCount(t))
            .tag("table", t.cfName())
            .description("RocksDB's estimate of the entries")
            .register(registry);
      }
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "metrics-refresh");
              th.setDaemon(true);
              return th;
            });
    refresher.scheduleWithFixedDelay(this::countJobs, 0, 5, TimeUnit.SECONDS);
  }

  private static double roleValue(RaftStatus s) {
    return switch (s.role()) {
      case "FOLLOWER" -> 0;
      case "CANDIDATE" -> 1;
      case "LEADER" -> 2;
      case "LISTENER" -> 3;
      default -> -1;
    };
  }

  private void countJobs() {
    try {
      Map<JobKind, Map<JobState, Long>> counts = new EnumMap<>(JobKind.class);
      store.scan(
          Table.JOBS,
          null,
          null,
          false,
          (k, v) -> {
            Job j;
            try {
              j = io.zkdr.json.JsonMapperFactory.shared().readValue(v, Job.class);
            } catch (java.io.IOException e) {
              return true;
            }
            counts
                .computeIfAbsent(j.spec().kind(), x -> new EnumMap<>(JobState.class))
                .merge(j.status().state(), 1L, Long::sum);
            return true;
          });
      jobs.forEach(
          (kind, byState) ->
              byState.forEach(
                  (state, v) ->
                      v.set(counts.getOrDefault(kind, Map.of()).getOrDefault(state, 0L))));
    } catch (Exception e) {
      LOG.debug("job count refresh failed", e);
    }
  }

  /** Records one HTTP request. */
  public void recordRequest(String method, String route, int status, long nanos) {
    // Looked up by a plain key: building and registering a timer per request costs more than
    // recording into it.
    requestTimers
        .computeIfAbsent(
            new RequestKey(method, route, status),
            k ->
                Timer.builder("zkdr_http_requests")
                    .tag("method", k.method())
                    .tag("route", k.route())
                    .tag("status", Integer.toString(k.status()))
                    .publishPercentiles(0.5, 0.99)
                    .distributionStatisticExpiry(Duration.ofMinutes(1))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private record RequestKey(String method, String route, int status) {}

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    registry.close();
  }
}
