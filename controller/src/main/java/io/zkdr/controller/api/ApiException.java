package io.zkdr.controller.api;

/** An error to answer with: HTTP status plus the {@link ApiError} body. */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiException invalid(String message) {
    return new ApiException(400, "INVALID", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "NOT_FOUND", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
