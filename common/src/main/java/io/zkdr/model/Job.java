package io.zkdr.model;

import java.time.Instant;

/**
 * One unit of work for one agent. The id is the idempotency key: a job completes at most once.
 *
 * @param id job id
 * @param createdAt when it was created
 * @param spec what to do
 * @param status where it stands
 */
public record Job(String id, Instant createdAt, JobSpec spec, JobStatus status) {
  /** This job with another status. */
  public Job withStatus(JobStatus next) {
    return new Job(id, createdAt, spec, next);
  }
}
