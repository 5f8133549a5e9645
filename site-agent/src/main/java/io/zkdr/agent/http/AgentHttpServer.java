package io.zkdr.agent.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A small Vert.x HTTP server: {@code /metrics} (Prometheus text), {@code /health/live} (200 while
 * the process runs) and {@code /health/ready} (200 once the agent is registered with the
 * controllers and its heartbeats are accepted, else 503 with the reason).
 */
public final class AgentHttpServer implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;

  private AgentHttpServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Starts the server on {@code host:port} (port 0 picks a free one).
   *
   * @param readiness null when ready, else why not
   */
  public static AgentHttpServer start(
      String host, int port, PrometheusMeterRegistry registry, Supplier<String> readiness)
      throws IOException {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router
        .get("/metrics")
        .handler(
            ctx ->
                vertx
                    .executeBlocking(registry::scrape, false)
                    .onSuccess(
                        text ->
                            ctx.response()
                                .putHeader(
                                    "Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(text))
                    .onFailure(ctx::fail));
    router.get("/health/live").handler(ctx -> ctx.response().end("live\n"));
    router
        .get("/health/ready")
        .handler(
            ctx -> {
              String why = readiness.get();
              if (why == null) {
                ctx.response().end("ready\n");
              } else {
                ctx.response().setStatusCode(503).end(why + "\n");
              }
            });
    try {
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(port, host)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      return new AgentHttpServer(vertx, server);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
      throw new IOException("interrupted while starting the HTTP server on " + host + ":" + port);
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      throw new IOException(
          "cannot start the agent's HTTP server on " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the process is stopping anyway
    }
  }
}
