package io.zkdr.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.ControllerHttp;
import io.zkdr.client.NoControllerException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CLI's view of the controllers' HTTP API: {@link ControllerHttp} (failover between
 * controllers, redirects) with its failures turned into {@link CliException}s that carry the
 * documented exit codes and a hint.
 */
public final class ControllerClient {
  private static final int PAGE = 500;

  private final ControllerHttp http;

  public ControllerClient(List<URI> controllers, Duration connectTimeout, Duration requestTimeout) {
    if (controllers.isEmpty()) {
      throw new CliException(
          ExitCode.USAGE,
          "no controller address given",
          "pass --controller http://host:port, set ZKDR_CONTROLLER, or list controllers in "
              + ControllerAddresses.DEFAULT_CONFIG_HINT,
          null);
    }
    this.http = new ControllerHttp(controllers, connectTimeout, requestTimeout, actor());
  }

  private static String actor() {
    String user = System.getProperty("user.name");
    return "cli:" + (user == null || user.isBlank() ? "unknown" : user);
  }

  /**
   * Parses a comma-separated list such as {@code http://a:8080,b:8080}.
   *
   * @throws CliException (usage) naming the bad entry
   */
  public static List<URI> parseAddresses(String csv) {
    try {
      return ControllerHttp.parseAddresses(csv);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), "use http://host:port", e);
    }
  }

  /** The configured controller base URLs. */
  public List<URI> controllers() {
    return http.controllers();
  }

  public JsonNode get(String path) {
    return call(() -> http.get(path));
  }

  public JsonNode post(String path, Object body) {
    return call(() -> http.post(path, body));
  }

  public JsonNode put(String path, Object body) {
    return call(() -> http.put(path, body));
  }

  public JsonNode delete(String path) {
    return call(() -> http.delete(path));
  }

  /** Reads a JSON answer as {@code type} (the API's own mapping: hex zxids, ISO-8601 times). */
  public <T> T convert(JsonNode node, Class<T> type) {
    return http.convert(node, type);
  }

  /**
   * Reads up to {@code max} items of a paginated list, following {@code nextPageToken}.
   *
   * @param path the list path, with or without a query string
   */
  public List<JsonNode> list(String path, int max) {
    List<JsonNode> items = new ArrayList<>();
    String token = null;
    String sep = path.contains("?") ? "&" : "?";
    do {
      String page =
          path
              + sep
              + "limit="
              + Math.min(PAGE, Math.max(1, max - items.size()))
              + (token == null ? "" : "&pageToken=" + encode(token));
      JsonNode answer = get(page);
      for (JsonNode item : answer.path("items")) {
        if (items.size() < max) {
          items.add(item);
        }
      }
      token = answer.hasNonNull("nextPageToken") ? answer.get("nextPageToken").asText() : null;
    } while (token != null && items.size() < max);
    return items;
  }

  /** Reads up to {@code max} items of a list as {@code type}. */
  public <T> List<T> list(String path, int max, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (JsonNode n : list(path, max)) {
      out.add(convert(n, type));
    }
    return out;
  }

  /** URL-encodes one path segment or query value. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode call(Supplier<JsonNode> request) {
    try {
      return request.get();
    } catch (ApiCallException e) {
      throw translate(e);
    } catch (NoControllerException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          unreachable(e),
          "check that the controllers run, or pass --controller with other addresses",
          e);
    }
  }

  /** The failures in words: the JDK reports a refused connection as a bare ConnectException. */
  private static String unreachable(NoControllerException e) {
    List<String> failures = new ArrayList<>();
    for (String f : e.failures()) {
      failures.add(f.replace("(ConnectException)", "(connection refused)"));
    }
    return "no controller answered: " + String.join(", ", failures);
  }

  private static CliException translate(ApiCallException e) {
    ExitCode code =
        switch (e.status()) {
          case 400, 413, 415, 422 -> ExitCode.USAGE;
          case 404 -> ExitCode.NOT_FOUND;
          case 409 -> ExitCode.CONFLICT;
          default -> ExitCode.FAILED;
        };
    String hint =
        switch (code) {
          case USAGE -> "fix the named field and run the command again";
          case NOT_FOUND -> "check the name (the 'ls' commands list what exists)";
          case CONFLICT -> "look at the current state with the 'describe' commands";
          default -> null;
        };
    return new CliException(code, e.apiMessage() + " (HTTP " + e.status() + ")", hint, e);
  }
}
