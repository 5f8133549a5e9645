package io.zkdr.controller.command;

/**
 * The catalog refuses a command: nothing but the audit entry is written and the caller gets the
 * code and message.
 */
public final class Rejection extends RuntimeException {
  private final RejectionCode code;

  public Rejection(RejectionCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public RejectionCode code() {
    return code;
  }

  /** An entity that must exist does not. */
  public static Rejection notFound(String what) {
    return new Rejection(RejectionCode.NOT_FOUND, what + " does not exist");
  }

  /** An entity that must be new already exists. */
  public static Rejection duplicate(String what) {
    return new Rejection(RejectionCode.ALREADY_EXISTS, what + " already exists");
  }

  /** The entity is not in a state that allows the change. */
  public static Rejection conflict(String message) {
    return new Rejection(RejectionCode.CONFLICT, message);
  }

  /** The command itself is not valid. */
  public static Rejection invalid(String message) {
    return new Rejection(RejectionCode.INVALID, message);
  }
}
