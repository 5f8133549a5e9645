package io.zkdr.controller.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.zkdr.model.AgentHealth;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.DrillRun;
import io.zkdr.model.EnsembleSpec;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.Policy;
import io.zkdr.model.Region;
import io.zkdr.model.VerificationResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change to the catalog, replicated through Raft. Each command is a record encoded as JSON with a
 * {@code type} discriminator inside a versioned {@link CommandEnvelope}. Commands carry every time
 * and id their effect depends on, so applying one is deterministic.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Command.PutRegion.class, name = "PutRegion"),
  @JsonSubTypes.Type(value = Command.RegisterAgent.class, name = "RegisterAgent"),
  @JsonSubTypes.Type(value = Command.RecordHeartbeat.class, name = "RecordHeartbeat"),
  @JsonSubTypes.Type(value = Command.PutEnsemble.class, name = "PutEnsemble"),
  @JsonSubTypes.Type(value = Command.RemoveEnsemble.class, name = "RemoveEnsemble"),
  @JsonSubTypes.Type(value = Command.BumpFailoverGeneration.class, name = "BumpFailoverGeneration"),
  @JsonSubTypes.Type(value = Command.PutPolicy.class, name = "PutPolicy"),
  @JsonSubTypes.Type(value = Command.PutBackups.class, name = "PutBackups"),
  @JsonSubTypes.Type(value = Command.AddBackupCopy.class, name = "AddBackupCopy"),
  @JsonSubTypes.Type(value = Command.RecordVerification.class, name = "RecordVerification"),
  @JsonSubTypes.Type(value = Command.CreateJob.class, name = "CreateJob"),
  @JsonSubTypes.Type(value = Command.ScheduleTick.class, name = "ScheduleTick"),
  @JsonSubTypes.Type(value = Command.LeaseJob.class, name = "LeaseJob"),
  @JsonSubTypes.Type(value = Command.ReportJobProgress.class, name = "ReportJobProgress"),
  @JsonSubTypes.Type(value = Command.CompleteJob.class, name = "CompleteJob"),
  @JsonSubTypes.Type(value = Command.FailJob.class, name = "FailJob"),
  @JsonSubTypes.Type(value = Command.ExpireLease.class, name = "ExpireLease"),
  @JsonSubTypes.Type(value = Command.CancelJob.class, name = "CancelJob"),
  @JsonSubTypes.Type(value = Command.PutDrillRun.class, name = "PutDrillRun")
})
public sealed interface Command {

  /** The entity the command addresses, for the audit trail. */
  String target();

  /** Creates or updates a region. */
  record PutRegion(Region region) implements Command {
    @Override
    public String target() {
      return "region/" + region.name();
    }
  }

  /** Registers (or re-registers) an agent; creates its site if new. */
  record RegisterAgent(String agentId, String site, String region, String version)
      implements Command {
    @Override
    public String target() {
      return "agent/" + agentId;
    }
  }

  /** Records an agent heartbeat. */
  record RecordHeartbeat(String agentId, String version, AgentHealth health) implements Command {
    @Override
    public String target() {
      return "agent/" + agentId;
    }
  }

  /** Creates or updates an ensemble's spec; its status is kept. */
  record PutEnsemble(String name, EnsembleSpec spec) implements Command {
    @Override
    public String target() {
      return "ensemble/" + name;
    }
  }

  /**
   * Stops managing an ensemble: removes it and its schedule ticks, cancels its pending jobs and its
   * log shipping; refused while another of its jobs is leased. Its backups stay in the catalog.
   */
  record RemoveEnsemble(String name) implements Command {
    @Override
    public String target() {
      return "ensemble/" + name;
    }
  }

  /**
   * Fences the old side of a failover: bumps the generation if it still equals {@code expected}.
   */
  record BumpFailoverGeneration(String ensemble, long expectedGeneration, String activeRegion)
      implements Command {
    @Override
    public String target() {
      return "ensemble/" + ensemble;
    }
  }

  /** Creates or updates a policy. */
  record PutPolicy(Policy policy) implements Command {
    @Override
    public String target() {
      return "policy/" + policy.name();
    }
  }

  /** Records new backups; all or none. */
  record PutBackups(List<Backup> backups) implements Command {
    @Override
    public String target() {
      return backups.size() == 1 ? "backup/" + backups.get(0).id() : "backups/" + backups.size();
    }
  }

  /** Records a copy of a backup in a region. */
  record AddBackupCopy(String backupId, BackupCopy copy) implements Command {
    @Override
    public String target() {
      return "backup/" + backupId;
    }
  }

  /** Records a verification result. */
  record RecordVerification(String backupId, VerificationResult result) implements Command {
    @Override
    public String target() {
      return "backup/" + backupId;
    }
  }

  /** Creates a job; the id must be new. */
  record CreateJob(String jobId, JobSpec spec) implements Command {
    @Override
    public String target() {
      return "job/" + jobId;
    }
  }

  /**
   * One scheduler tick: records that {@code schedule} of {@code ensemble} fired at {@code tick} and
   * creates its job, unless a tick at or after {@code tick} was already recorded.
   */
  record ScheduleTick(String ensemble, String schedule, Instant tick, String jobId, JobSpec spec)
      implements Command {
    @Override
    public String target() {
      return "ensemble/" + ensemble + "/schedule/" + schedule;
    }
  }

  /**
   * Leases the oldest eligible pending job to an agent until {@code leaseUntil}: a job of one of
   * {@code kinds} (any when empty) in the agent's region (or with no region) and site (or no site).
   */
  record LeaseJob(String agentId, List<JobKind> kinds, Instant leaseUntil) implements Command {
    @Override
    public String target() {
      return "agent/" + agentId;
    }
  }

  /** Progress from the lease holder; may extend the lease. */
  record ReportJobProgress(
      String jobId, String agentId, int attempt, String progress, Instant leaseUntil)
      implements Command {
    @Override
    public String target() {
      return "job/" + jobId;
    }
  }

  /** The lease holder finished the job. Repeating it is harmless; a stale lease is rejected. */
  record CompleteJob(
      String jobId, String agentId, int attempt, Map<String, String> result, String message)
      implements Command {
    @Override
    public String target() {
      return "job/" + jobId;
    }
  }

  /**
   * The lease holder failed the job. A retryable failure with attempts left returns it to PENDING
   * after a back-off of {@code backoffMs * 2^(attempt-1)} (capped at ten minutes).
   */
  record FailJob(
      String jobId, String agentId, int attempt, String message, boolean retryable, long backoffMs)
      implements Command {
    @Override
    public String target() {
      return "job/" + jobId;
    }
  }

  /** Returns a job whose lease {@code attempt} has expired to the queue (leader's dispatcher). */
  record ExpireLease(String jobId, int attempt) implements Command {
    @Override
    public String target() {
      return "job/" + jobId;
    }
  }

  /** Cancels a job that is not finished. */
  record CancelJob(String jobId, String reason) implements Command {
    @Override
    public String target() {
      return "job/" + jobId;
    }
  }

  /** Creates or updates a drill run. */
  record PutDrillRun(DrillRun run) implements Command {
    @Override
    public String target() {
      return "drill/" + run.id();
    }
  }
}
