package io.zkdr.controller.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.zkdr.controller.config.PeerConfig;
import io.zkdr.controller.raft.CommandForwarder;
import io.zkdr.controller.raft.NotForwardedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Forwards commands to the leader's controller over its HTTP API ({@value #PATH}), on kept-alive
 * connections.
 */
final class HttpCommandForwarder implements CommandForwarder {
  static final String PATH = "/internal/v1/commands";
  static final String CONTENT_TYPE = "application/x-zkdr-command-frames";

  private final HttpClient http;
  private final long connectTimeoutMs;
  private final long idleTimeoutMs;

  /**
   * @param requestTimeout how long a write may wait for Raft; the leader answers within about that
   */
  HttpCommandForwarder(Vertx vertx, Duration requestTimeout) {
    this.connectTimeoutMs = Math.max(200, Math.min(2_000, requestTimeout.toMillis() / 5));
    this.idleTimeoutMs = 2 * requestTimeout.toMillis() + 1_000;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(4).setMaxWaitQueueSize(-1));
  }

  @Override
  public CompletableFuture<byte[]> forward(PeerConfig leader, List<byte[]> envelopes) {
    CompletableFuture<byte[]> out = new CompletableFuture<>();
    String to = "controller " + leader.id() + " at " + leader.http();
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(leader.http().host())
            .setPort(leader.http().port())
            .setURI(PATH)
            .setConnectTimeout(connectTimeoutMs)
            .setIdleTimeout(idleTimeoutMs)
            .putHeader("content-type", CONTENT_TYPE);
    http.request(o)
        .onFailure(
            e ->
                out.completeExceptionally(
                    new NotForwardedException("cannot connect to " + to + ": " + e, e)))
        .onSuccess(
            req ->
                req.send(CommandFrames.encode(envelopes))
                    .compose(resp -> resp.body().map(body -> new Answer(resp.statusCode(), body)))
                    .onSuccess(a -> complete(out, a, to, envelopes.size()))
                    .onFailure(
                        e ->
                            out.completeExceptionally(
                                new IOException(
                                    "forward of %d commands to %s got no answer: %s"
                                        .formatted(envelopes.size(), to, e),
                                    e))));
    return out;
  }

  private record Answer(int status, Buffer body) {}

  private static void complete(CompletableFuture<byte[]> out, Answer a, String to, int commands) {
    if (a.status() == 200) {
      out.complete(a.body().getBytes());
    } else if (a.status() == ForwardHandler.NOT_TAKEN || a.status() == 413) {
      // Refused before anything was submitted.
      out.completeExceptionally(
          new NotForwardedException(
              "%s did not take the commands (%d): %s".formatted(to, a.status(), a.body()), null));
    } else {
      out.completeExceptionally(
          new IOException(
              "forward of %d commands to %s failed (%d): %s"
                  .formatted(commands, to, a.status(), a.body())));
    }
  }

  void close() {
    http.close();
  }
}
