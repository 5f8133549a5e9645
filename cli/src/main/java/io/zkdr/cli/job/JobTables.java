package io.zkdr.cli.job;

import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import io.zkdr.model.Job;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How jobs print as tables. */
public final class JobTables {
  private JobTables() {}

  /** One row per job. */
  public static Table list(List<Job> jobs, Instant now) {
    Table t =
        new Table("ID", "KIND", "ENSEMBLE", "STATE", "AGENT", "TRIES", "CREATED", "LAST MESSAGE");
    for (Job j : jobs) {
      JobStatus s = j.status();
      t.row(
          j.id(),
          j.spec().kind(),
          j.spec().ensemble(),
          s.state(),
          s.agentId(),
          s.attempts() + "/" + j.spec().maxAttempts(),
          Times.relative(j.createdAt(), now),
          s.message() != null ? s.message() : s.progress());
    }
    return t;
  }

  /** Every field of one job, then its result. */
  public static Table describe(Job j, Instant now) {
    JobSpec spec = j.spec();
    JobStatus s = j.status();
    Table t = new Table("FIELD", "VALUE");
    t.row("id", j.id());
    t.row("kind", spec.kind());
    t.row("ensemble", spec.ensemble());
    t.row("region", spec.region() == null ? "any" : spec.region());
    t.row("site", spec.site() == null ? "any" : spec.site());
    t.row("params", pairs(spec.params()));
    t.row("state", s.state());
    t.row("attempts", s.attempts() + " of " + spec.maxAttempts());
    t.row("agent", s.agentId());
    if (s.leaseUntil() != null) {
      t.row("lease until", Times.withRelative(s.leaseUntil(), now));
    }
    if (s.notBefore() != null && s.notBefore().isAfter(now)) {
      t.row("retry after", Times.withRelative(s.notBefore(), now));
    }
    t.row("progress", s.progress());
    t.row("message", s.message());
    t.row("created", Times.withRelative(j.createdAt(), now));
    t.row("updated", Times.withRelative(s.updatedAt(), now));
    for (Map.Entry<String, String> e : new TreeMap<>(s.result()).entrySet()) {
      t.row("result." + e.getKey(), e.getValue());
    }
    return t;
  }

  /** {@code a=1, b=2}. */
  public static String pairs(Map<String, String> map) {
    return new TreeMap<>(map)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
