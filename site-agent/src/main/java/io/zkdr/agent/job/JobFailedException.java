package io.zkdr.agent.job;

/** A job failed. {@link #retryable()} says whether running it again may succeed. */
public final class JobFailedException extends Exception {
  private final boolean retryable;

  public JobFailedException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public JobFailedException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** A failure that will not go away on a retry (bad parameters, corrupt artifact). */
  public static JobFailedException permanent(String message) {
    return new JobFailedException(message, false);
  }

  /** A failure a retry may get past (I/O error, member not reachable, controller down). */
  public static JobFailedException transientFailure(String message, Throwable cause) {
    return new JobFailedException(message, true, cause);
  }

  public boolean retryable() {
    return retryable;
  }
}
