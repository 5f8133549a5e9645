package io.zkdr.controller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON HTTP client for tests. */
public final class Http {
  private static final ObjectMapper JSON = JsonMapperFactory.shared();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A response: status and parsed body (null when empty or not JSON). */
  public record Response(int status, String text, JsonNode json) {}

  public Response get(String url) throws IOException, InterruptedException {
    return send("GET", url, null);
  }

  public Response put(String url, Object body) throws IOException, InterruptedException {
    return send("PUT", url, body);
  }

  public Response post(String url, Object body) throws IOException, InterruptedException {
    return send("POST", url, body);
  }

  /** Sends a request; a String body is sent as is, anything else as JSON. */
  public Response send(String method, String url, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      byte[] bytes =
          body instanceof String s
              ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
              : body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
      b.header("content-type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    if (!r.body().isEmpty()) {
      try {
        json = JSON.readTree(r.body());
      } catch (IOException e) {
        json = null;
      }
    }
    return new Response(r.statusCode(), r.body(), json);
  }
}
