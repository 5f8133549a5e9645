package io.zkdr.controller.command;

import io.zkdr.controller.catalog.CatalogTxn;
import io.zkdr.controller.catalog.IndexKeys;
import io.zkdr.controller.catalog.JobEligibility;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.catalog.ZxidIndexEntry;
import io.zkdr.model.Agent;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobState;
import io.zkdr.model.JobStatus;
import io.zkdr.zk.Zxid;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies the job commands: create, schedule, lease, progress, complete, fail, expire, cancel. */
final class JobCommands {
  /** Upper bound of the retry back-off. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  Job create(String jobId, JobSpec spec, Instant at, CatalogTxn txn) {
    Names.require("jobId", jobId);
    Names.requireNonNull("spec", spec);
    Names.requireNonNull("spec.kind", spec.kind());
    Ensemble ensemble = CatalogCommands.requireEnsemble(txn, spec.ensemble());
    spec = MemberSites.bind(spec, ensemble, txn);
    if (spec.region() != null && !txn.exists(Table.REGIONS, Keys.utf8(spec.region()))) {
      throw Rejection.notFound("spec.region: region '" + spec.region() + "'");
    }
    if (spec.maxAttempts() < 1 || spec.maxAttempts() > 100) {
      throw Rejection.invalid("spec.maxAttempts must be between 1 and 100");
    }
    if (txn.exists(Table.JOBS, Keys.utf8(jobId))) {
      throw Rejection.duplicate("job '" + jobId + "'");
    }
    Job job =
        new Job(
            jobId,
            at,
            spec,
            new JobStatus(JobState.PENDING, 0, null, null, at, null, null, null, at));
    IndexKeys.putJob(txn, null, job);
    return job;
  }

  Job scheduleTick(Command.ScheduleTick c, Instant at, CatalogTxn txn) {
    Names.require("schedule", c.schedule());
    Names.requireNonNull("tick", c.tick());
    byte[] key = Keys.key().str(c.ensemble()).last(c.schedule()).build();
    byte[] last = txn.getRaw(Table.SCHEDULE_TICKS, key);
    if (last != null && ByteBuffer.wrap(last).getLong() >= c.tick().toEpochMilli()) {
      throw Rejection.conflict(
          "schedule '" + c.schedule() + "' of '" + c.ensemble() + "' already ran for " + c.tick());
    }
    Job job = create(c.jobId(), c.spec(), at, txn);
    txn.putRaw(
        Table.SCHEDULE_TICKS, key, ByteBuffer.allocate(8).putLong(c.tick().toEpochMilli()).array());
    return job;
  }

  /** Returns the leased job, or null when no job is eligible. */
  Job lease(Command.LeaseJob c, Instant at, CatalogTxn txn) {
    Names.require("agentId", c.agentId());
    Names.requireNonNull("leaseUntil", c.leaseUntil());
    if (!c.leaseUntil().isAfter(at)) {
      throw Rejection.invalid("leaseUntil must be after the request time");
    }
    Agent agent = txn.get(Table.AGENTS, Keys.utf8(c.agentId()), Agent.class);
    if (agent == null) {
      throw Rejection.notFound("agent '" + c.agentId() + "'");
    }
    byte[] prefix = IndexKeys.statePrefix(JobState.PENDING);
    Job[] found = new Job[1];
    txn.scanCommitted(
        Table.JOBS_BY_STATE,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (k, v) -> {
          String id = IndexKeys.idAfterNumber(k, prefix.length);
          Job j = txn.get(Table.JOBS, Keys.utf8(id), Job.class);
          if (j != null && JobEligibility.eligible(j, agent, c.kinds(), at)) {
            found[0] = j;
            return false;
          }
          return true;
        });
    if (found[0] == null) {
      return null;
    }
    Job j = found[0];
    JobStatus s = j.status();
    Job next =
        j.withStatus(
            new JobStatus(
                JobState.LEASED,
                s.attempts() + 1,
                agent.id(),
                c.leaseUntil(),
                s.notBefore(),
                null,
                s.message(),
                null,
                at));
    IndexKeys.putJob(txn, j, next);
    return next;
  }

  private static Job requireJob(CatalogTxn txn, String id) {
    Names.require("jobId", id);
    Job j = txn.get(Table.JOBS, Keys.utf8(id), Job.class);
    if (j == null) {
      throw Rejection.notFound("job '" + id + "'");
    }
    return j;
  }

  /** The job must be leased by {@code agentId} under {@code attempt}. */
  private static void requireLease(Job j, String agentId, int attempt) {
    JobStatus s = j.status();
    if (s.state() != JobState.LEASED || !s.agentId().equals(agentId) || s.attempts() != attempt) {
      throw Rejection.conflict(
          "job '"
              + j.id()
              + "' is "
              + s.state()
              + (s.agentId() == null
                  ? ""
                  : " (agent " + s.agentId() + ", attempt " + s.attempts() + ")")
              + "; agent "
              + agentId
              + " attempt "
              + attempt
              + " holds no lease on it");
    }
  }

  Job progress(Command.ReportJobProgress c, Instant at, CatalogTxn txn) {
    Job j = requireJob(txn, c.jobId());
    requireLease(j, c.agentId(), c.attempt());
    JobStatus s = j.status();
    Instant until =
        c.leaseUntil() != null && c.leaseUntil().isAfter(s.leaseUntil())
            ? c.leaseUntil()
            : s.leaseUntil();
    Job next =
        j.withStatus(
            new JobStatus(
                s.state(),
                s.attempts(),
                s.agentId(),
                until,
                s.notBefore(),
                c.progress(),
                s.message(),
                null,
                at));
    IndexKeys.putJob(txn, j, next);
    return next;
  }

  Job complete(Command.CompleteJob c, Instant at, CatalogTxn txn) {
    Job j = requireJob(txn, c.jobId());
    JobStatus s = j.status();
    if (s.state() == JobState.SUCCEEDED
        && c.agentId().equals(s.agentId())
        && s.attempts() == c.attempt()) {
      return j; // the same completion, repeated: idempotent
    }
    requireLease(j, c.agentId(), c.attempt());
    Map<String, String> result = c.result() == null ? Map.of() : c.result();
    Job next =
        j.withStatus(
            new JobStatus(
                JobState.SUCCEEDED,
                s.attempts(),
                s.agentId(),
                null,
                s.notBefore(),
                s.progress(),
                c.message(),
                result,
                at));
    IndexKeys.putJob(txn, j, next);
    if (j.spec().kind() == JobKind.PRUNE) {
      dropPrunedCopy(j, txn);
    }
    return next;
  }

  /**
   * A PRUNE job deleted copies: drop them from the catalog, and each backup when none is left. With
   * {@code scope=chain} the copies are those in the region of the chain's full ({@code backupId})
   * and of every increment whose toZxid lies in {@code [fromZxid, toZxid]}.
   */
  private static void dropPrunedCopy(Job j, CatalogTxn txn) {
    Map<String, String> params = j.spec().params();
    String backupId = params.get("backupId");
    String region = params.get("region");
    if (backupId == null || region == null) {
      return;
    }
    if (!"chain".equals(params.get("scope"))) {
      dropCopy(txn, backupId, region);
      return;
    }
    long from = Zxid.parse(params.get("fromZxid"));
    long to = Zxid.parse(params.get("toZxid"));
    byte[] prefix = IndexKeys.ensemblePrefix(j.spec().ensemble());
    List<String> ids = new ArrayList<>();
    txn.scanCommitted(
        Table.BACKUPS_BY_ZXID,
        Keys.key().str(j.spec().ensemble()).num(from).build(),
        Keys.key().str(j.spec().ensemble()).num(to + 1).build(),
        false,
        (k, v) -> {
          ZxidIndexEntry e = ZxidIndexEntry.fromIndex(k, prefix.length, v);
          if (e.kind() == BackupKind.INCREMENTAL || e.id().equals(backupId)) {
            ids.add(e.id());
          }
          return true;
        });
    for (String id : ids) {
      dropCopy(txn, id, region);
    }
  }

  private static void dropCopy(CatalogTxn txn, String backupId, String region) {
    Backup b = txn.get(Table.BACKUPS, Keys.utf8(backupId), Backup.class);
    if (b == null || !b.copies().containsKey(region)) {
      return;
    }
    Backup next = b.withoutCopy(region);
    if (next.copies().isEmpty()) {
      IndexKeys.deleteBackup(txn, b);
    } else {
      IndexKeys.putBackup(txn, next);
    }
  }

  Job fail(Command.FailJob c, Instant at, CatalogTxn txn) {
    Job j = requireJob(txn, c.jobId());
    requireLease(j, c.agentId(), c.attempt());
    if (c.backoffMs() < 0) {
      throw Rejection.invalid("backoffMs must not be negative");
    }
    JobStatus s = j.status();
    boolean retry = c.retryable() && s.attempts() < j.spec().maxAttempts();
    Instant notBefore = retry ? at.plus(backoff(c.backoffMs(), s.attempts())) : s.notBefore();
    Job next =
        j.withStatus(
            new JobStatus(
                retry ? JobState.PENDING : JobState.FAILED,
                s.attempts(),
                s.agentId(),
                null,
                notBefore,
                s.progress(),
                c.message(),
                null,
                at));
    IndexKeys.putJob(txn, j, next);
    return next;
  }

  /** {@code base * 2^(attempt-1)}, capped at {@link #MAX_BACKOFF}. */
  static Duration backoff(long baseMs, int attempt) {
    int shift = Math.max(0, Math.min(attempt - 1, 20));
    long ms = baseMs << shift;
    return ms < 0 || ms > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(ms);
  }

  Job expire(Command.ExpireLease c, Instant at, CatalogTxn txn) {
    Job j = requireJob(txn, c.jobId());
    JobStatus s = j.status();
    if (s.state() != JobState.LEASED || s.attempts() != c.attempt()) {
      throw Rejection.conflict(
          "job '" + j.id() + "' is no longer leased under attempt " + c.attempt());
    }
    if (s.leaseUntil().isAfter(at)) {
      throw Rejection.conflict("lease of job '" + j.id() + "' runs until " + s.leaseUntil());
    }
    boolean exhausted = s.attempts() >= j.spec().maxAttempts();
    Job next =
        j.withStatus(
            new JobStatus(
                exhausted ? JobState.FAILED : JobState.PENDING,
                s.attempts(),
                s.agentId(),
                null,
                at,
                s.progress(),
                "lease of " + s.agentId() + " expired at " + s.leaseUntil(),
                null,
                at));
    IndexKeys.putJob(txn, j, next);
    return next;
  }

  /**
   * Before an ensemble is removed: cancels its pending jobs and its log shipping, and refuses while
   * another of its jobs is leased (a capture or restore in progress must end first).
   */
  void cancelForRemoval(String ensemble, Instant at, CatalogTxn txn) {
    List<Job> open = new ArrayList<>();
    for (JobState state : List.of(JobState.PENDING, JobState.LEASED)) {
      byte[] prefix = IndexKeys.statePrefix(state);
      txn.scanCommitted(
          Table.JOBS_BY_STATE,
          prefix,
          Keys.prefixEnd(prefix),
          false,
          (k, v) -> {
            Job j =
                txn.get(
                    Table.JOBS, Keys.utf8(IndexKeys.idAfterNumber(k, prefix.length)), Job.class);
            if (j != null && ensemble.equals(j.spec().ensemble())) {
              open.add(j);
            }
            return true;
          });
    }
    for (Job j : open) {
      if (j.status().state() == JobState.LEASED && j.spec().kind() != JobKind.SHIP_LOG) {
        throw Rejection.conflict(
            "ensemble '"
                + ensemble
                + "' has job '"
                + j.id()
                + "' ("
                + j.spec().kind()
                + ") running; wait for it or cancel it first");
      }
    }
    for (Job j : open) {
      if (!j.status().state().terminal()) {
        cancel(new Command.CancelJob(j.id(), "ensemble removed"), at, txn);
      }
    }
  }

  Job cancel(Command.CancelJob c, Instant at, CatalogTxn txn) {
    Job j = requireJob(txn, c.jobId());
    JobStatus s = j.status();
    if (s.state().terminal()) {
      throw Rejection.conflict("job '" + j.id() + "' is already " + s.state());
    }
    Job next =
        j.withStatus(
            new JobStatus(
                JobState.CANCELLED,
                s.attempts(),
                s.agentId(),
                null,
                s.notBefore(),
                s.progress(),
                c.reason(),
                null,
                at));
    IndexKeys.putJob(txn, j, next);
    return next;
  }
}
