package io.zkdr.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A thin JSON client of the controllers' HTTP API. Any controller serves every request; when one
 * cannot be reached the client tries the next, and remembers the one that answered. Redirects (e.g.
 * to the leader) are followed.
 */
public final class ControllerClient {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final List<URI> controllers;
  private final HttpClient http;
  private final Duration requestTimeout;
  private int preferred;

  public ControllerClient(List<URI> controllers, Duration connectTimeout, Duration requestTimeout) {
    if (controllers.isEmpty()) {
      throw new CliException(
          ExitCode.USAGE,
          "no controller address given",
          "pass --controller http://host:port, or set ZKDR_CONTROLLER",
          null);
    }
    this.controllers = List.copyOf(controllers);
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** Parses a comma-separated list such as {@code http://a:8080,http://b:8080}. */
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
      try {
        URI u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        if (u.getHost() == null) {
          throw new IllegalArgumentException("no host");
        }
        out.add(u);
      } catch (IllegalArgumentException e) {
        throw new CliException(
            ExitCode.USAGE,
            "bad controller address '" + part.trim() + "': " + e.getMessage(),
            "use http://host:port",
            e);
      }
    }
    return out;
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  public JsonNode put(String path, Object body) {
    return send("PUT", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, Object body) {
    String payload;
    try {
      payload = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot encode request: " + e.getMessage());
    }
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < controllers.size(); attempt++) {
      int index = (preferred + attempt) % controllers.size();
      URI base = controllers.get(index);
      HttpRequest.Builder req =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(requestTimeout)
              .header("Accept", "application/json");
      if (payload != null) {
        req.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(payload));
      } else {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> resp;
      try {
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        failures.add(base + " (" + describe(e) + ")");
        continue;
      } catch (HttpTimeoutException e) {
        failures.add(base + " (no answer within " + requestTimeout.toSeconds() + "s)");
        continue;
      } catch (IOException e) {
        failures.add(base + " (" + describe(e) + ")");
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCode.FAILED, "interrupted while calling " + base);
      }
      if (resp.statusCode() == 503) {
        failures.add(base + " (unavailable: " + ApiErrors.message(resp.body()) + ")");
        continue;
      }
      preferred = index;
      return ApiErrors.check(method, path, resp.statusCode(), resp.body());
    }
    throw new CliException(
        ExitCode.UNREACHABLE,
        "no controller answered: " + String.join(", ", failures),
        "check that the controllers run, or pass --controller with other addresses",
        null);
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
