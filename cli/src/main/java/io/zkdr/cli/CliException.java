package io.zkdr.cli;

/**
 * A failure the CLI reports as one line (what went wrong, and what to do) with a specific exit
 * code. {@code --verbose} adds the stack trace.
 */
public class CliException extends RuntimeException {
  private final ExitCode exitCode;
  private final String hint;

  public CliException(ExitCode exitCode, String message) {
    this(exitCode, message, null, null);
  }

  public CliException(ExitCode exitCode, String message, String hint, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** What the operator can do about it, or null. */
  public String hint() {
    return hint;
  }
}
