package io.zkdr.client;

/**
 * A controller answered a request with an error (any status but 2xx and 503). Carries the API's
 * error {@code code} (e.g. {@code NOT_FOUND}, {@code CONFLICT}) and its message.
 */
public final class ApiCallException extends RuntimeException {
  private final String method;
  private final String path;
  private final int status;
  private final String code;
  private final String apiMessage;

  public ApiCallException(String method, String path, int status, String code, String message) {
    super(method + " " + path + ": " + message + " (HTTP " + status + ")");
    this.method = method;
    this.path = path;
    this.status = status;
    this.code = code;
    this.apiMessage = message;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The API error code, or null when the body had none. */
  public String code() {
    return code;
  }

  /** The API's message alone, without method, path and status. */
  public String apiMessage() {
    return apiMessage;
  }

  public boolean notFound() {
    return status == 404;
  }

  public boolean conflict() {
    return status == 409;
  }
}
