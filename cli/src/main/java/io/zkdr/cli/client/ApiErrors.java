package io.zkdr.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import java.io.IOException;

/** Turns controller answers into JSON results or into {@link CliException}s with exit codes. */
final class ApiErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiErrors() {}

  static JsonNode check(String method, String path, int status, String body) {
    if (status >= 200 && status < 300) {
      if (body == null || body.isBlank()) {
        return NullNode.getInstance();
      }
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new CliException(
            ExitCode.FAILED, method + " " + path + ": the controller sent invalid JSON");
      }
    }
    ExitCode code =
        switch (status) {
          case 400, 413, 415, 422 -> ExitCode.USAGE;
          case 404 -> ExitCode.NOT_FOUND;
          case 409 -> ExitCode.CONFLICT;
          default -> ExitCode.FAILED;
        };
    throw new CliException(code, message(body) + " (HTTP " + status + ")");
  }

  /** The message of the controllers' error shape {@code {"code":..,"message":..}}, or the body. */
  static String message(String body) {
    if (body == null || body.isBlank()) {
      return "no details";
    }
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode error = n.has("error") && n.get("error").isObject() ? n.get("error") : n;
      if (error.hasNonNull("message")) {
        return error.get("message").asText();
      }
    } catch (IOException ignored) {
      // not JSON: show it as it came
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }
}
