package io.zkdr.cli;

/**
 * Exit codes of {@code zkdr}, stable so that scripts can branch on them (documented in the README).
 */
public enum ExitCode {
  /** The command did what was asked. */
  OK(0),
  /** Something went wrong that none of the codes below describes. */
  FAILED(1),
  /** Bad flags, arguments or input files. */
  USAGE(2),
  /** The named ensemble, backup, job or file does not exist. */
  NOT_FOUND(3),
  /** The job ran and failed, or a verification found a problem. */
  JOB_FAILED(4),
  /** No controller could be reached. */
  UNREACHABLE(5),
  /** The request conflicts with the current state (duplicate, illegal state change). */
  CONFLICT(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
