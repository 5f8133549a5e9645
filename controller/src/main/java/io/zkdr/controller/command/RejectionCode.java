package io.zkdr.controller.command;

/** Why a command was refused; each maps to one HTTP status. */
public enum RejectionCode {
  INVALID(400),
  NOT_FOUND(404),
  ALREADY_EXISTS(409),
  CONFLICT(409);

  private final int httpStatus;

  RejectionCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the API answers with. */
  public int httpStatus() {
    return httpStatus;
  }
}
