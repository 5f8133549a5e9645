package io.zkdr.controller.raft;

import java.io.IOException;

/**
 * A forward that certainly did not reach the leader's log: the connection could not be made, or the
 * controller answered that it does not lead (or could not take the batch) before submitting
 * anything.
 */
public final class NotForwardedException extends IOException {
  private static final long serialVersionUID = 1L;

  public NotForwardedException(String message, Throwable cause) {
    super(message, cause);
  }
}
