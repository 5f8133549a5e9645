package io.zkdr.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zkdr.model.JobKind;
import java.time.Duration;

/**
 * The agent's data-path and job metrics, with the names and labels of {@code docs/metrics.md}.
 * Every handler records through this class so that one metric always carries the same label keys
 * (Prometheus refuses a name with two label sets).
 */
public final class AgentMetrics {
  /** {@code op} label of bytes and artifacts written by a full capture. */
  public static final String CAPTURE = "capture";

  /** {@code op} label of increments shipped. */
  public static final String SHIP = "ship";

  /** {@code op} label of copies made to another region. */
  public static final String REPLICATE = "replicate";

  private final MeterRegistry registry;

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A fresh Prometheus registry. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Counts one artifact of {@code bytes} written to {@code region}'s store: {@code
   * zkdr_artifact_bytes_total} and {@code zkdr_artifacts_total} with labels {@code op}, {@code
   * ensemble}, {@code region}.
   */
  public void artifactWritten(String op, String ensemble, String region, long bytes) {
    Counter.builder("zkdr_artifact_bytes")
        .baseUnit("bytes")
        .description("bytes written to stores")
        .tags("op", op, "ensemble", ensemble, "region", region)
        .register(registry)
        .increment(bytes);
    Counter.builder("zkdr_artifacts")
        .description("artifacts written to stores")
        .tags("op", op, "ensemble", ensemble, "region", region)
        .register(registry)
        .increment();
  }

  /** Counts one verification: {@code zkdr_verification_total{ensemble,result}}. */
  public void verification(String ensemble, boolean passed) {
    Counter.builder("zkdr_verification")
        .description("verifications run")
        .tags("ensemble", ensemble, "result", passed ? "passed" : "failed")
        .register(registry)
        .increment();
  }

  /**
   * Records a job's duration: {@code zkdr_job_seconds{kind,outcome}}, outcome {@code succeeded},
   * {@code failed}, {@code retry}, {@code lease_lost} or {@code interrupted}.
   */
  public void job(JobKind kind, String outcome, Duration took) {
    Timer.builder("zkdr_job")
        .description("job durations")
        .tags("kind", kind.name(), "outcome", outcome)
        .publishPercentiles(0.5, 0.99)
        .register(registry)
        .record(took);
  }
}
