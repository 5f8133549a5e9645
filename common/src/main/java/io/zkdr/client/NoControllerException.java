package io.zkdr.client;

import java.util.List;

/** No controller answered a request: each was unreachable, timed out or had no quorum. */
public final class NoControllerException extends RuntimeException {
  private final List<String> failures;

  public NoControllerException(List<String> failures) {
    super("no controller answered: " + String.join(", ", failures));
    this.failures = List.copyOf(failures);
  }

  /** One entry per controller tried: its address and what went wrong. */
  public List<String> failures() {
    return failures;
  }
}
