package io.zkdr.controller.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.zkdr.controller.api.validation.ContractRequestValidator;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private final ForwardHandler forwarded;
  private final HttpCommandForwarder forwarder;
  private final byte[] contractYaml;
  private final int instances;
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private volatile int port = -1;
  private volatile JsonObject contractDocument;

  public ApiServer(
      Vertx vertx,
      ControllerConfig config,
      RaftNode raft,
      CatalogStore store,
      ControllerMetrics metrics,
      Clock clock,
      int instances) {
    this.vertx = vertx;
    this.config = config;
    this.raft = raft;
    this.metrics = metrics;
    this.readPool =
        Executors.newFixedThreadPool(
            config.readThreads(),
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
    this.forwarded = new ForwardHandler(raft);
    this.forwarder = new HttpCommandForwarder(vertx, config.requestTimeout());
    this.contractYaml = readContract();
    this.instances = Math.max(1, instances);
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
      contractDocument = new JsonObject(raw);
      OpenAPIContract contract =
          OpenAPIContract.from(vertx, contractDocument.copy())
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      int port = deploy(contract, config.self().http().port(), 1);
      if (instances > 1) {
        deploy(contract, port, instances - 1);
      }
      this.port = port;
      raft.forwardCommandsWith(forwarder);
      return port;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the HTTP API", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "cannot start the HTTP API on " + config.self().http() + ": " + causes(e), e);
    }
  }

  /**
   * Deploys {@code count} server instances listening on {@code port} (0: a free one), each with its
   * own router and validators; returns the port they listen on.
   */
  private int deploy(OpenAPIContract contract, int port, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.self().http().host())
            .setPort(port)
            .setCompressionSupported(false);
    List<ApiVerticle> started = new CopyOnWriteArrayList<>();
    String id =
        vertx
            .deployVerticle(
                () -> {
                  ApiVerticle v = new ApiVerticle(router(contract), options);
                  started.add(v);
                  return v;
                },
                new DeploymentOptions().setInstances(count))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    deployments.add(id);
    return started.get(0).actualPort();
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
    ContractRequestValidator validator =
        ContractRequestValidator.create(vertx, contract, contractDocument);
    rb.rootHandler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    rb.rootHandler(this::timed);
    bind(rb, validator, "getCluster", reads::cluster);
    bind(rb, validator, "listRegions", reads::listRegions);
    bind(rb, validator, "getRegion", reads::getRegion);
    bind(rb, validator, "putRegion", writes::putRegion);
    bind(rb, validator, "listSites", reads::listSites);
    bind(rb, validator, "listAgents", reads::listAgents);
    bind(rb, validator, "getAgent", reads::getAgent);
    bind(rb, validator, "registerAgent", agents::register);
    bind(rb, validator, "heartbeat", agents::heartbeat);
    bind(rb, validator, "leaseJob", agents::lease);
    bind(rb, validator, "listEnsembles", reads::listEnsembles);
    bind(rb, validator, "getEnsemble", reads::getEnsemble);
    bind(rb, validator, "putEnsemble", writes::putEnsemble);
    bind(rb, validator, "removeEnsemble", writes::removeEnsemble);
    bind(rb, validator, "bumpGeneration", writes::bumpGeneration);
    bind(rb, validator, "listEnsembleBackups", reads::listEnsembleBackups);
    bind(rb, validator, "getLatestVerified", reads::getLatestVerified);
    bind(rb, validator, "getRestorable", reads::getRestorable);
    bind(rb, validator, "getLatestRestorable", reads::getLatestRestorable);
    bind(rb, validator, "listPolicies", reads::listPolicies);
    bind(rb, validator, "getPolicy", reads::getPolicy);
    bind(rb, validator, "putPolicy", writes::putPolicy);
    bind(rb, validator, "createBackup", writes::createBackup);
    bind(rb, validator, "createBackups", writes::createBackups);
    bind(rb, validator, "getBackup", reads::getBackup);
    bind(rb, validator, "addBackupCopy", writes::addBackupCopy);
    bind(rb, validator, "addVerification", writes::addVerification);
    bind(rb, validator, "listJobs", reads::listJobs);
    bind(rb, validator, "createJob", writes::createJob);
    bind(rb, validator, "getJob", reads::getJob);
    bind(rb, validator, "cancelJob", writes::cancelJob);
    bind(rb, validator, "reportProgress", agents::progress);
    bind(rb, validator, "completeJob", agents::complete);
    bind(rb, validator, "failJob", agents::fail);
    bind(rb, validator, "listDrills", reads::listDrills);
    bind(rb, validator, "getDrill", reads::getDrill);
    bind(rb, validator, "putDrill", writes::putDrill);
    bind(rb, validator, "listAudit", reads::listAudit);
    Router router = rb.createRouter();
    router
        .get("/v1/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/yaml")
                    .end(Buffer.buffer(contractYaml)));
    // Commands other controllers received, forwarded to this one while it leads; not part of the
    // public contract.
    router.post(HttpCommandForwarder.PATH).handler(forwarded::handle);
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

  private void bind(
      RouterBuilder rb,
      ContractRequestValidator validator,
      String operationId,
      Consumer<RoutingContext> handler) {
    OpenAPIRoute route = rb.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("operation " + operationId + " is not in the contract");
    }
    // The router builder's own validation runs in an ordered blocking queue and rebuilds schema
    // validators per request; the contract is still enforced, by the first handler of the route.
    route
        .setDoValidation(false)
        .addHandler(validator.handler(operationId))
        .addHandler(handler::accept)
        .addFailureHandler(ctx -> Responses.fail(ctx, ctx.failure()));
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
    return port;
  }

  @Override
  public void close() {
    raft.forwardCommandsWith(null);
    forwarder.close();
    for (String id : deployments) {
      try {
        vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        // the servers are going away anyway
      }
    }
    deployments.clear();
    readPool.shutdownNow();
  }
}
