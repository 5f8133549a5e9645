package io.zkdr.controller.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.zkdr.controller.catalog.CatalogQueries;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.controller.metrics.ControllerMetrics;
import io.zkdr.controller.raft.RaftNode;
import io.zkdr.controller.raft.RaftStatus;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The controller's HTTP server: the {@code /v1} API routed and validated from the OpenAPI document
 * (served at {@code /v1/openapi.yaml}), plus {@code /health/live}, {@code /health/ready} and {@code
 * /metrics}. Handlers never block the event loop: database reads run on a worker pool and Raft
 * calls are asynchronous.
 */
public final class ApiServer implements AutoCloseable {
  static final String CONTRACT_RESOURCE = "/io/zkdr/controller/api/openapi.yaml";

  private final Vertx vertx;
  private final ControllerConfig config;
  private final RaftNode raft;
  private final ControllerMetrics metrics;
  private final ExecutorService readPool;
  private final ReadHandlers reads;
  private final WriteHandlers writes;
  private final AgentHandlers agents;
  private final byte[] contractYaml;
  private HttpServer server;

  public ApiServer(
      Vertx vertx,
      ControllerConfig config,
      RaftNode raft,
      CatalogStore store,
      ControllerMetrics metrics,
      Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.raft = raft;
    this.metrics = metrics;
    this.readPool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "api-read-" + config.nodeId());
              t.setDaemon(true);
              return t;
            });
    this.reads = new ReadHandlers(new CatalogQueries(store), raft, readPool);
    this.writes = new WriteHandlers(raft, clock);
    this.agents =
        new AgentHandlers(
            writes, store, raft, readPool, clock, config.jobLease(), config.longPollMax());
    this.contractYaml = readContract();
  }

  private static byte[] readContract() {
    try (InputStream in = ApiServer.class.getResourceAsStream(CONTRACT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + CONTRACT_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CONTRACT_RESOURCE, e);
    }
  }

  /** Builds the routes and listens on this controller's HTTP address; returns the bound port. */
  public int start() throws IOException {
    try {
      ObjectMapper yaml = JsonMapperFactory.newYamlMapper();
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = yaml.readValue(contractYaml, Map.class);
      OpenAPIContract contract =
          OpenAPIContract.from(vertx, new JsonObject(raw))
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      Router router = router(contract);
      server =
          vertx
              .createHttpServer(
                  new HttpServerOptions()
                      .setHost(config.self().http().host())
                      .setPort(config.self().http().port())
                      .setCompressionSupported(false))
              .requestHandler(router)
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      return server.actualPort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the HTTP API", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "cannot start the HTTP API on " + config.self().http() + ": " + causes(e), e);
    }
  }

  private static String causes(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(sb.length() == 0 ? "" : " <- ").append(t);
      if (t instanceof io.vertx.json.schema.JsonSchemaValidationException v) {
        sb.append(" at ").append(v.location());
      }
    }
    return sb.toString();
  }

  private Router router(OpenAPIContract contract) {
    RouterBuilder rb = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    rb.rootHandler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    rb.rootHandler(this::timed);
    bind(rb, "getCluster", reads::cluster);
    bind(rb, "listRegions", reads::listRegions);
    bind(rb, "getRegion", reads::getRegion);
    bind(rb, "putRegion", writes::putRegion);
    bind(rb, "listSites", reads::listSites);
    bind(rb, "listAgents", reads::listAgents);
    bind(rb, "getAgent", reads::getAgent);
    bind(rb, "registerAgent", agents::register);
    bind(rb, "heartbeat", agents::heartbeat);
    bind(rb, "leaseJob", agents::lease);
    bind(rb, "listEnsembles", reads::listEnsembles);
    bind(rb, "getEnsemble", reads::getEnsemble);
    bind(rb, "putEnsemble", writes::putEnsemble);
    bind(rb, "bumpGeneration", writes::bumpGeneration);
    bind(rb, "listEnsembleBackups", reads::listEnsembleBackups);
    bind(rb, "getLatestVerified", reads::getLatestVerified);
    bind(rb, "getRestorable", reads::getRestorable);
    bind(rb, "getLatestRestorable", reads::getLatestRestorable);
    bind(rb, "listPolicies", reads::listPolicies);
    bind(rb, "getPolicy", reads::getPolicy);
    bind(rb, "putPolicy", writes::putPolicy);
    bind(rb, "createBackup", writes::createBackup);
    bind(rb, "createBackups", writes::createBackups);
    bind(rb, "getBackup", reads::getBackup);
    bind(rb, "addBackupCopy", writes::addBackupCopy);
    bind(rb, "addVerification", writes::addVerification);
    bind(rb, "listJobs", reads::listJobs);
    bind(rb, "createJob", writes::createJob);
    bind(rb, "getJob", reads::getJob);
    bind(rb, "cancelJob", writes::cancelJob);
    bind(rb, "reportProgress", agents::progress);
    bind(rb, "completeJob", agents::complete);
    bind(rb, "failJob", agents::fail);
    bind(rb, "listDrills", reads::listDrills);
    bind(rb, "getDrill", reads::getDrill);
    bind(rb, "putDrill", writes::putDrill);
    bind(rb, "listAudit", reads::listAudit);
    Router router = rb.createRouter();
    router
        .get("/v1/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/yaml")
                    .end(Buffer.buffer(contractYaml)));
    router.get("/health/live").handler(ctx -> Responses.json(ctx, 200, Map.of("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    router
        .route()
        .last()
        .handler(
            ctx -> Responses.error(ctx, 404, "NOT_FOUND", "no such path: " + ctx.request().path()));
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> errorPage(ctx, status));
    }
    return router;
  }

  private static void errorPage(RoutingContext ctx, int status) {
    if (ctx.response().ended()) {
      return;
    }
    switch (status) {
      case 404 -> Responses.error(ctx, 404, "NOT_FOUND", "no such path: " + ctx.request().path());
      case 405 ->
          Responses.error(
              ctx, 405, "METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed here");
      case 413 -> Responses.error(ctx, 413, "PAYLOAD_TOO_LARGE", "request body exceeds the limit");
      default -> Responses.fail(ctx, ctx.failure());
    }
  }

  private void bind(RouterBuilder rb, String operationId, Consumer<RoutingContext> handler) {
    OpenAPIRoute route = rb.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("operation " + operationId + " is not in the contract");
    }
    route.addHandler(handler::accept).addFailureHandler(ctx -> Responses.fail(ctx, ctx.failure()));
  }

  private void timed(RoutingContext ctx) {
    long t0 = System.nanoTime();
    ctx.addHeadersEndHandler(
        v -> {
          String route = ctx.currentRoute() == null ? null : ctx.currentRoute().getPath();
          metrics.recordRequest(
              ctx.request().method().name(),
              route == null ? "other" : route,
              ctx.response().getStatusCode(),
              System.nanoTime() - t0);
        });
    ctx.next();
  }

  private void ready(RoutingContext ctx) {
    RaftStatus s = raft.status();
    boolean ready = s.leader() != null;
    Responses.json(
        ctx,
        ready ? 200 : 503,
        Map.of(
            "status",
            ready ? "READY" : "NO_LEADER",
            "role",
            s.role(),
            "leader",
            String.valueOf(s.leader())));
  }

  /** The bound port. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the server is going away anyway
      }
    }
    readPool.shutdownNow();
  }
}
