package io.zkdr.controller.api;

import io.vertx.ext.web.RoutingContext;
import io.zkdr.controller.catalog.CatalogQueries;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.JobEligibility;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.command.Command;
import io.zkdr.controller.command.CommandEnvelope;
import io.zkdr.controller.command.RejectionCode;
import io.zkdr.controller.raft.RaftNode;
import io.zkdr.model.Agent;
import io.zkdr.model.JobKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The endpoints site agents call: register, heartbeat, lease a job (long poll), report progress,
 * complete or fail a job. A lease is a Raft command; the long poll checks the local catalog for an
 * eligible job first, so idle agents do not write to the log.
 */
final class AgentHandlers {
  static final long POLL_INTERVAL_MS = 100;
  private final WriteHandlers writes;
  private final CatalogStore store;
  private final CatalogQueries queries;
  private final RaftNode raft;
  private final ExecutorService readPool;
  private final Clock clock;
  private final Duration lease;
  private final Duration longPollMax;

  AgentHandlers(
      WriteHandlers writes,
      CatalogStore store,
      RaftNode raft,
      ExecutorService readPool,
      Clock clock,
      Duration lease,
      Duration longPollMax) {
    this.writes = writes;
    this.store = store;
    this.queries = new CatalogQueries(store);
    this.raft = raft;
    this.readPool = readPool;
    this.clock = clock;
    this.lease = lease;
    this.longPollMax = longPollMax;
  }

  void register(RoutingContext ctx) {
    RequestBodies.AgentRegistration b = Responses.body(ctx, RequestBodies.AgentRegistration.class);
    writes.submit(ctx, 200, new Command.RegisterAgent(b.id(), b.site(), b.region(), b.version()));
  }

  void heartbeat(RoutingContext ctx) {
    RequestBodies.Heartbeat b = Responses.body(ctx, RequestBodies.Heartbeat.class);
    writes.submit(
        ctx, 200, new Command.RecordHeartbeat(ctx.pathParam("id"), b.version(), b.health()));
  }

  void progress(RoutingContext ctx) {
    RequestBodies.Progress b = Responses.body(ctx, RequestBodies.Progress.class);
    writes.submit(
        ctx,
        200,
        new Command.ReportJobProgress(
            ctx.pathParam("id"),
            b.agentId(),
            b.attempt(),
            b.progress(),
            clock.instant().plus(lease)));
  }

  void complete(RoutingContext ctx) {
    RequestBodies.Completion b = Responses.body(ctx, RequestBodies.Completion.class);
    writes.submit(
        ctx,
        200,
        new Command.CompleteJob(
            ctx.pathParam("id"), b.agentId(), b.attempt(), b.result(), b.message()));
  }

  void fail(RoutingContext ctx) {
    RequestBodies.Failure b = Responses.body(ctx, RequestBodies.Failure.class);
    writes.submit(
        ctx,
        200,
        new Command.FailJob(
            ctx.pathParam("id"), b.agentId(), b.attempt(), b.message(), b.retryable(), 1000));
  }

  void lease(RoutingContext ctx) {
    RequestBodies.LeaseRequest b = Responses.body(ctx, RequestBodies.LeaseRequest.class);
    String agentId = ctx.pathParam("id");
    long waitMs = Math.min(b.waitMs() == null ? 20_000 : b.waitMs(), longPollMax.toMillis());
    List<JobKind> kinds = b.kinds() == null ? List.of() : b.kinds();
    // the wait is real time, whatever the catalog clock says
    poll(ctx, agentId, kinds, System.nanoTime() + waitMs * 1_000_000);
  }

  private void poll(RoutingContext ctx, String agentId, List<JobKind> kinds, long deadline) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    CompletableFuture<Boolean> candidate =
        CompletableFuture.supplyAsync(
                () -> queries.get(Table.AGENTS, agentId, Agent.class), readPool)
            .thenCompose(
                agent ->
                    agent != null
                        ? CompletableFuture.completedFuture(agent)
                        // A registration just acknowledged by another controller may not be
                        // applied here yet: look again after a ReadIndex barrier.
                        : raft.readBarrier()
                            .thenApplyAsync(
                                i -> queries.get(Table.AGENTS, agentId, Agent.class), readPool))
            .thenApplyAsync(
                agent -> {
                  if (agent == null) {
                    throw ApiException.notFound("agent '" + agentId + "' does not exist");
                  }
                  return JobEligibility.anyEligible(store, agent, kinds, clock.instant());
                },
                readPool);
    Async.on(
        ctx,
        candidate,
        has -> {
          if (has) {
            tryLease(ctx, agentId, kinds, deadline);
          } else {
            waitOrGiveUp(ctx, agentId, kinds, deadline);
          }
        });
  }

  private void waitOrGiveUp(
      RoutingContext ctx, String agentId, List<JobKind> kinds, long deadline) {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      ctx.response().setStatusCode(204).end();
    } else {
      ctx.vertx()
          .setTimer(Math.min(left, POLL_INTERVAL_MS), t -> poll(ctx, agentId, kinds, deadline));
    }
  }

  private void tryLease(RoutingContext ctx, String agentId, List<JobKind> kinds, long deadline) {
    Instant now = clock.instant();
    CommandEnvelope env =
        CommandEnvelope.of(
            "agent:" + agentId, now, new Command.LeaseJob(agentId, kinds, now.plus(lease)));
    Async.on(
        ctx,
        raft.submit(env),
        r -> {
          if (!r.ok()) {
            RejectionCode c = r.code();
            Responses.error(ctx, c.httpStatus(), c.name(), r.message());
          } else if (r.value() == null || r.value().isNull()) {
            waitOrGiveUp(ctx, agentId, kinds, deadline); // another agent was faster
          } else {
            Responses.json(ctx, 200, r.value());
          }
        });
  }
}
