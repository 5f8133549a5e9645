package io.zkdr.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A thin JSON client of the controllers' HTTP API. Every controller serves every request; when one
 * cannot be reached, times out or answers 503 (no quorum) the client tries the next, and remembers
 * the one that answered. Redirects are followed. Thread-safe.
 */
public final class ControllerHttp {
  private final List<URI> controllers;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final String actor;
  private final ObjectMapper json = JsonMapperFactory.shared();
  private volatile int preferred;

  /**
   * @param controllers base URLs such as {@code http://10.0.0.1:8080}; at least one
   * @param connectTimeout how long to wait for a connection to one controller
   * @param requestTimeout how long to wait for one controller's answer (a long poll adds its wait)
   * @param actor sent as {@code X-Zkdr-Actor} so the audit trail names the caller; may be null
   */
  public ControllerHttp(
      List<URI> controllers, Duration connectTimeout, Duration requestTimeout, String actor) {
    if (controllers.isEmpty()) {
      throw new IllegalArgumentException("no controller address given");
    }
    this.controllers = List.copyOf(controllers);
    this.requestTimeout = requestTimeout;
    this.actor = actor;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Parses a comma-separated list such as {@code http://a:8080,b:8080} ({@code http://} is assumed
   * when no scheme is given).
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static List<URI> parseAddresses(String csv) {
    List<URI> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      if (!s.contains("://")) {
        s = "http://" + s;
      }
      URI u;
      try {
        u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "bad controller address '" + part.trim() + "': " + e.getMessage(), e);
      }
      if (u.getHost() == null) {
        throw new IllegalArgumentException(
            "bad controller address '" + part.trim() + "': expected http://host:port");
      }
      out.add(u);
    }
    return out;
  }

  /** The configured controller base URLs. */
  public List<URI> controllers() {
    return controllers;
  }

  public JsonNode get(String path) {
    return send("GET", path, null, Duration.ZERO).body();
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body, Duration.ZERO).body();
  }

  public JsonNode put(String path, Object body) {
    return send("PUT", path, body, Duration.ZERO).body();
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null, Duration.ZERO).body();
  }

  /** Reads the answer of a GET as {@code type}. */
  public <T> T get(String path, Class<T> type) {
    return convert(get(path), type);
  }

  /** Converts a JSON answer to {@code type}. */
  public <T> T convert(JsonNode node, Class<T> type) {
    try {
      return json.treeToValue(node, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the controller's answer as " + type, e);
    }
  }

  /** Maps a value to JSON as the API expects it (zxids as hex, times as ISO-8601). */
  public JsonNode toJson(Object value) {
    return json.valueToTree(value);
  }

  /** A 2xx answer: its status and JSON body ({@link NullNode} when empty). */
  public record Answer(int status, JsonNode body) {}

  /**
   * Sends one request, trying each controller in turn.
   *
   * @param extraWait added to the request timeout, for long polls
   * @throws ApiCallException on a 4xx or 5xx (but 503) answer
   * @throws NoControllerException when no controller answered
   */
  public Answer send(String method, String path, Object body, Duration extraWait) {
    String payload;
    try {
      payload = body == null ? null : json.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode the body of " + method + " " + path, e);
    }
    List<String> failures = new ArrayList<>();
    int start = preferred;
    for (int attempt = 0; attempt < controllers.size(); attempt++) {
      int index = (start + attempt) % controllers.size();
      URI base = controllers.get(index);
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(requestTimeout.plus(extraWait))
              .header("Accept", "application/json");
      if (actor != null) {
        req.header("X-Zkdr-Actor", actor);
      }
      if (payload != null) {
        req.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(payload));
      } else {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> resp;
      try {
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (HttpTimeoutException e) {
        failures.add(base + " (no answer within " + requestTimeout.plus(extraWait) + ")");
        continue;
      } catch (IOException e) {
        failures.add(base + " (" + describe(e) + ")");
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NoControllerException(List.of(base + " (interrupted)"));
      }
      if (resp.statusCode() == 503) {
        failures.add(base + " (unavailable: " + errorField(resp.body(), "message") + ")");
        continue;
      }
      preferred = index;
      return answer(method, path, resp.statusCode(), resp.body());
    }
    throw new NoControllerException(failures);
  }

  private Answer answer(String method, String path, int status, String body) {
    if (status >= 200 && status < 300) {
      if (body == null || body.isBlank()) {
        return new Answer(status, NullNode.getInstance());
      }
      try {
        return new Answer(status, json.readTree(body));
      } catch (IOException e) {
        throw new ApiCallException(method, path, status, null, "the controller sent invalid JSON");
      }
    }
    throw new ApiCallException(
        method, path, status, errorField(body, "code"), errorField(body, "message"));
  }

  /** A field of the API's error shape {@code {"code":..,"message":..}}, or the raw body. */
  private String errorField(String body, String field) {
    if (body == null || body.isBlank()) {
      return "code".equals(field) ? null : "no details";
    }
    try {
      JsonNode n = json.readTree(body);
      JsonNode error = n.has("error") && n.get("error").isObject() ? n.get("error") : n;
      if (error.hasNonNull(field)) {
        return error.get(field).asText();
      }
    } catch (IOException ignored) {
      // not JSON: show it as it came
    }
    if ("code".equals(field)) {
      return null;
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
