package io.zkdr.agent.job;

import io.zkdr.model.JobKind;
import java.util.Map;

/**
 * Carries out one kind of job. Handlers are idempotent: a job may be run again after an agent
 * restart or an expired lease, and must then reach the same end without duplicating catalog entries
 * (ids derive from the job id or from content, never from a random source).
 */
public interface JobHandler {

  /** The kind of job this handler runs. */
  JobKind kind();

  /**
   * Whether jobs of this kind run until cancelled or the agent stops (log shipping). The runner
   * gives each such job its own thread instead of a slot of the bounded pool.
   */
  default boolean longRunning() {
    return false;
  }

  /**
   * Runs the leased job to its end.
   *
   * @return the result recorded with the completion (e.g. {@code backupId})
   * @throws JobFailedException when the job failed; says whether a retry may succeed
   * @throws io.zkdr.agent.catalog.LeaseLostException when a progress report found the lease gone;
   *     the work must stop and leave no half-recorded state
   * @throws InterruptedException when the agent stops
   */
  Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException;
}
