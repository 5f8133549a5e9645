package io.zkdr.controller.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * One HTTP server instance of the API on its own event loop. Several instances listen on the same
 * port (Vert.x spreads the connections over them), so requests of different connections are handled
 * in parallel.
 */
final class ApiVerticle extends VerticleBase {
  private final Router router;
  private final HttpServerOptions options;
  private volatile HttpServer server;

  ApiVerticle(Router router, HttpServerOptions options) {
    this.router = router;
    this.options = options;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The port this instance listens on, once started. */
  int actualPort() {
    return server.actualPort();
  }
}
