package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.zkdr.cli.client.ControllerClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControllerClientTest {
  private HttpServer server;
  private HttpServer unavailable;

  @BeforeEach
  void start() throws IOException {
    server = serve("/v1/ensembles/payments-zk", 200, "{\"name\":\"payments-zk\"}");
    server.createContext(
        "/v1/ensembles/nope",
        ex -> reply(ex, 404, "{\"code\":\"NOT_FOUND\",\"message\":\"ensemble 'nope' not found\"}"));
    server.createContext(
        "/v1/jobs", ex -> reply(ex, 409, "{\"code\":\"CONFLICT\",\"message\":\"job exists\"}"));
    server.createContext(
        "/v1/things",
        ex -> {
          String q = ex.getRequestURI().getRawQuery();
          if (q.contains("pageToken=a%20b")) {
            reply(ex, 200, "{\"items\":[{\"n\":3}]}");
          } else {
            reply(ex, 200, "{\"items\":[{\"n\":1},{\"n\":2}],\"nextPageToken\":\"a b\"}");
          }
        });
    unavailable = serve("/", 503, "{\"code\":\"NO_LEADER\",\"message\":\"no leader\"}");
  }

  @AfterEach
  void stop() {
    server.stop(0);
    unavailable.stop(0);
  }

  @Test
  void skipsControllersThatAreDownOrUnavailable() throws IOException {
    ControllerClient c = client(closedPort(), address(unavailable), address(server));
    JsonNode n = c.get("/v1/ensembles/payments-zk");
    assertEquals("payments-zk", n.get("name").asText());
  }

  @Test
  void mapsErrorsToExitCodesWithTheControllersMessage() {
    ControllerClient c = client(address(server));
    CliException notFound = assertThrows(CliException.class, () -> c.get("/v1/ensembles/nope"));
    assertEquals(ExitCode.NOT_FOUND, notFound.exitCode());
    assertEquals("ensemble 'nope' not found (HTTP 404)", notFound.getMessage());
    CliException conflict = assertThrows(CliException.class, () -> c.post("/v1/jobs", "{}"));
    assertEquals(ExitCode.CONFLICT, conflict.exitCode());
  }

  @Test
  void listsFollowPageTokensUpToTheLimit() {
    ControllerClient c = client(address(server));
    assertEquals(3, c.list("/v1/things", 10).size());
    assertEquals(2, c.list("/v1/things", 2).size(), "stops once it has enough");
    assertEquals(3, c.list("/v1/things", 10).get(2).get("n").asInt());
  }

  @Test
  void allControllersDownIsUnreachable() throws IOException {
    ControllerClient c = client(closedPort(), closedPort());
    CliException e = assertThrows(CliException.class, () -> c.get("/v1/status"));
    assertEquals(ExitCode.UNREACHABLE, e.exitCode());
    assertTrue(e.getMessage().startsWith("no controller answered: http://127.0.0.1:"));
    assertTrue(e.getMessage().contains("(connection refused)"), e.getMessage());
  }

  @Test
  void addressesAreParsedAndValidated() {
    assertEquals(
        List.of(URI.create("http://a:1"), URI.create("https://b:2")),
        ControllerClient.parseAddresses("a:1, https://b:2/"));
    CliException e =
        assertThrows(CliException.class, () -> ControllerClient.parseAddresses("http://"));
    assertEquals(ExitCode.USAGE, e.exitCode());
  }

  private static ControllerClient client(URI... uris) {
    return new ControllerClient(List.of(uris), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private static HttpServer serve(String path, int status, String body) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(path, ex -> reply(ex, status, body));
    s.start();
    return s;
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  private static URI address(HttpServer s) {
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
  }

  private static URI closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }
}
