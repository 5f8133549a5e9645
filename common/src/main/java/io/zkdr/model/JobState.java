package io.zkdr.model;

/**
 * Phase of a job: {@code PENDING -> LEASED -> SUCCEEDED | FAILED}; an expired lease or a retryable
 * failure goes back to {@code PENDING}; {@code CANCELLED} from PENDING or LEASED.
 */
public enum JobState {
  PENDING,
  LEASED,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether no further transition is possible. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
