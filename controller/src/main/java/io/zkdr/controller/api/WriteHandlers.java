package io.zkdr.controller.api;

import io.vertx.ext.web.RoutingContext;
import io.zkdr.controller.command.Command;
import io.zkdr.controller.command.CommandEnvelope;
import io.zkdr.controller.raft.RaftNode;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.DrillRun;
import io.zkdr.model.EnsembleSpec;
import io.zkdr.model.JobSpec;
import io.zkdr.model.Policy;
import io.zkdr.model.PolicySpec;
import io.zkdr.model.Region;
import io.zkdr.model.VerificationResult;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The catalog-changing operations: each becomes one command submitted to Raft. */
final class WriteHandlers {
  static final String ACTOR_HEADER = "X-Zkdr-Actor";
  private final RaftNode raft;
  private final Clock clock;

  WriteHandlers(RaftNode raft, Clock clock) {
    this.raft = raft;
    this.clock = clock;
  }

  /** Submits a command stamped with the caller and the time, and answers with its result. */
  void submit(RoutingContext ctx, int okStatus, Command command) {
    Async.on(ctx, raft.submit(envelope(ctx, command)), r -> Responses.applied(ctx, okStatus, r));
  }

  /**
   * As {@link #submit}, for a command that stores {@code stored} exactly as given and replies with
   * no value: answers with {@code stored} once the command is applied.
   */
  private void submitEcho(RoutingContext ctx, int okStatus, Command command, Object stored) {
    Async.on(
        ctx,
        raft.submit(envelope(ctx, command)),
        r -> {
          if (r.ok()) {
            Responses.json(ctx, okStatus, stored);
          } else {
            Responses.applied(ctx, okStatus, r);
          }
        });
  }

  /** The command stamped with the caller and the time. */
  private CommandEnvelope envelope(RoutingContext ctx, Command command) {
    String actor = ctx.request().getHeader(ACTOR_HEADER);
    if (actor == null || actor.isBlank()) {
      actor = "api:" + ctx.request().remoteAddress();
    }
    return CommandEnvelope.of(actor, clock.instant(), command);
  }

  void putRegion(RoutingContext ctx) {
    RequestBodies.RegionBody b = Responses.body(ctx, RequestBodies.RegionBody.class);
    submit(ctx, 200, new Command.PutRegion(new Region(ctx.pathParam("name"), b.description())));
  }

  void putEnsemble(RoutingContext ctx) {
    EnsembleSpec spec = Responses.body(ctx, EnsembleSpec.class);
    submit(ctx, 200, new Command.PutEnsemble(ctx.pathParam("name"), spec));
  }

  void removeEnsemble(RoutingContext ctx) {
    submit(ctx, 200, new Command.RemoveEnsemble(ctx.pathParam("name")));
  }

  void bumpGeneration(RoutingContext ctx) {
    RequestBodies.GenerationBump b = Responses.body(ctx, RequestBodies.GenerationBump.class);
    submit(
        ctx,
        200,
        new Command.BumpFailoverGeneration(
            ctx.pathParam("name"), b.expectedGeneration(), b.activeRegion()));
  }

  void putPolicy(RoutingContext ctx) {
    PolicySpec spec = Responses.body(ctx, PolicySpec.class);
    submit(ctx, 200, new Command.PutPolicy(new Policy(ctx.pathParam("name"), spec)));
  }

  void createBackup(RoutingContext ctx) {
    Backup b = Responses.body(ctx, Backup.class);
    submitEcho(ctx, 201, new Command.PutBackups(List.of(b)), b);
  }

  void createBackups(RoutingContext ctx) {
    RequestBodies.BackupBatch b = Responses.body(ctx, RequestBodies.BackupBatch.class);
    submit(ctx, 201, new Command.PutBackups(b.backups()));
  }

  void addBackupCopy(RoutingContext ctx) {
    BackupCopy c = Responses.body(ctx, BackupCopy.class);
    submit(ctx, 200, new Command.AddBackupCopy(ctx.pathParam("id"), c));
  }

  void addVerification(RoutingContext ctx) {
    VerificationResult v = Responses.body(ctx, VerificationResult.class);
    submit(ctx, 200, new Command.RecordVerification(ctx.pathParam("id"), v));
  }

  void createJob(RoutingContext ctx) {
    RequestBodies.JobCreation b = Responses.body(ctx, RequestBodies.JobCreation.class);
    JobSpec spec = b.spec();
    if (spec.maxAttempts() == 0) {
      spec =
          new JobSpec(spec.kind(), spec.ensemble(), spec.region(), spec.site(), spec.params(), 3);
    }
    String id = b.id() != null ? b.id() : "job-" + UUID.randomUUID();
    submit(ctx, 201, new Command.CreateJob(id, spec));
  }

  void cancelJob(RoutingContext ctx) {
    RequestBodies.Cancellation b = Responses.body(ctx, RequestBodies.Cancellation.class);
    submit(ctx, 200, new Command.CancelJob(ctx.pathParam("id"), b.reason()));
  }

  void putDrill(RoutingContext ctx) {
    RequestBodies.DrillRunBody b = Responses.body(ctx, RequestBodies.DrillRunBody.class);
    submit(
        ctx,
        200,
        new Command.PutDrillRun(
            new DrillRun(
                ctx.pathParam("id"),
                b.ensemble(),
                b.scenario(),
                b.startedAt(),
                b.finishedAt(),
                b.outcome(),
                b.rtoMs(),
                b.rpoMs(),
                b.score(),
                b.report())));
  }
}
