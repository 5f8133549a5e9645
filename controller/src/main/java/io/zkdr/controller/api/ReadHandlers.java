package io.zkdr.controller.api;

import io.vertx.ext.web.RoutingContext;
import io.zkdr.controller.catalog.CatalogQueries;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.raft.RaftNode;
import io.zkdr.json.ZxidJson;
import io.zkdr.model.Agent;
import io.zkdr.model.Backup;
import io.zkdr.model.DrillRun;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Job;
import io.zkdr.model.JobState;
import io.zkdr.model.Policy;
import io.zkdr.model.Region;
import io.zkdr.model.RestorableChain;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The GET operations. Each reads this controller's database on a worker thread; with {@code
 * consistency=linearizable} it first passes a ReadIndex barrier.
 */
final class ReadHandlers {
  static final int DEFAULT_LIMIT = 100;
  private final CatalogQueries queries;
  private final RaftNode raft;
  private final ExecutorService readPool;

  ReadHandlers(CatalogQueries queries, RaftNode raft, ExecutorService readPool) {
    this.queries = queries;
    this.raft = raft;
    this.readPool = readPool;
  }

  private void read(RoutingContext ctx, String missing, Supplier<Object> query) {
    CompletableFuture<Long> barrier =
        linearizable(ctx) ? raft.readBarrier() : CompletableFuture.completedFuture(-1L);
    // The answer is encoded on the worker too: it is most of a read's work besides the database.
    CompletableFuture<byte[]> cf =
        barrier.thenApplyAsync(i -> Responses.encode(query.get()), readPool);
    Async.on(
        ctx,
        cf,
        bytes -> {
          if (bytes == null) {
            throw ApiException.notFound(missing + " does not exist");
          }
          Responses.encoded(ctx, 200, bytes);
        });
  }

  private static boolean linearizable(RoutingContext ctx) {
    return "linearizable".equals(ctx.request().getParam("consistency"));
  }

  private static int limit(RoutingContext ctx) {
    String l = ctx.request().getParam("limit");
    return l == null ? DEFAULT_LIMIT : Integer.parseInt(l);
  }

  private static String token(RoutingContext ctx) {
    return ctx.request().getParam("pageToken");
  }

  private static Instant instant(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiException.invalid(name + ": not an ISO-8601 instant: '" + v + "'");
    }
  }

  void cluster(RoutingContext ctx) {
    read(ctx, "cluster", raft::status);
  }

  void listRegions(RoutingContext ctx) {
    read(ctx, "", () -> queries.regions(limit(ctx), token(ctx)));
  }

  void getRegion(RoutingContext ctx) {
    String n = ctx.pathParam("name");
    read(ctx, "region '" + n + "'", () -> queries.get(Table.REGIONS, n, Region.class));
  }

  void listSites(RoutingContext ctx) {
    read(ctx, "", () -> queries.sites(limit(ctx), token(ctx)));
  }

  void listAgents(RoutingContext ctx) {
    read(ctx, "", () -> queries.agents(limit(ctx), token(ctx)));
  }

  void getAgent(RoutingContext ctx) {
    String n = ctx.pathParam("id");
    read(ctx, "agent '" + n + "'", () -> queries.get(Table.AGENTS, n, Agent.class));
  }

  void listEnsembles(RoutingContext ctx) {
    read(ctx, "", () -> queries.ensembles(limit(ctx), token(ctx)));
  }

  void getEnsemble(RoutingContext ctx) {
    String n = ctx.pathParam("name");
    read(ctx, "ensemble '" + n + "'", () -> queries.get(Table.ENSEMBLES, n, Ensemble.class));
  }

  void listEnsembleBackups(RoutingContext ctx) {
    String n = ctx.pathParam("name");
    String fz = ctx.request().getParam("fromZxid");
    String tz = ctx.request().getParam("toZxid");
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    int limit = limit(ctx);
    String token = token(ctx);
    if (fz != null || tz != null) {
      long f = fz == null ? 0 : ZxidJson.parse(fz);
      long t = tz == null ? Long.MAX_VALUE : ZxidJson.parse(tz);
      read(ctx, "", () -> queries.backupsByZxidJson(n, f, t, limit, token));
    } else {
      read(ctx, "", () -> queries.backupsByTimeJson(n, from, to, limit, token));
    }
  }

  void getLatestVerified(RoutingContext ctx) {
    String n = ctx.pathParam("name");
    read(ctx, "a verified backup of '" + n + "'", () -> queries.latestVerified(n));
  }

  void getRestorable(RoutingContext ctx) {
    String n = ctx.pathParam("name");
    String region = ctx.request().getParam("region");
    read(
        ctx,
        "ensemble '" + n + "'",
        () ->
            queries.get(Table.ENSEMBLES, n, Ensemble.class) == null
                ? null
                : Map.of("ensemble", n, "regions", queries.restorable(n, region)));
  }

  void getLatestRestorable(RoutingContext ctx) {
    String n = ctx.pathParam("name");
    String region = ctx.request().getParam("region");
    String missing = "a restorable chain of '" + n + "'" + (region == null ? "" : " in " + region);
    if (!linearizable(ctx)) {
      // A kept answer is a map lookup: answered here, without the round trip through a worker.
      Optional<RestorableChain> kept = queries.cachedLatestRestorable(n, region);
      if (kept != null) {
        if (kept.isPresent()) {
          Responses.json(ctx, 200, kept.get());
        } else {
          Responses.fail(ctx, ApiException.notFound(missing + " does not exist"));
        }
        return;
      }
    }
    read(ctx, missing, () -> queries.latestRestorable(n, region));
  }

  void listPolicies(RoutingContext ctx) {
    read(ctx, "", () -> queries.policies(limit(ctx), token(ctx)));
  }

  void getPolicy(RoutingContext ctx) {
    String n = ctx.pathParam("name");
    read(ctx, "policy '" + n + "'", () -> queries.get(Table.POLICIES, n, Policy.class));
  }

  void getBackup(RoutingContext ctx) {
    String n = ctx.pathParam("id");
    read(ctx, "backup '" + n + "'", () -> queries.get(Table.BACKUPS, n, Backup.class));
  }

  void listJobs(RoutingContext ctx) {
    String state = ctx.request().getParam("state");
    String agent = ctx.request().getParam("agent");
    int limit = limit(ctx);
    String token = token(ctx);
    if (state != null && agent != null) {
      throw ApiException.invalid("state and agent: give one of them, not both");
    }
    if (state != null) {
      JobState s = JobState.valueOf(state);
      read(ctx, "", () -> queries.jobsByState(s, limit, token));
    } else if (agent != null) {
      read(ctx, "", () -> queries.jobsByAgent(agent, limit, token));
    } else {
      read(ctx, "", () -> queries.jobs(limit, token));
    }
  }

  void getJob(RoutingContext ctx) {
    String n = ctx.pathParam("id");
    read(ctx, "job '" + n + "'", () -> queries.get(Table.JOBS, n, Job.class));
  }

  void listDrills(RoutingContext ctx) {
    read(ctx, "", () -> queries.drills(limit(ctx), token(ctx)));
  }

  void getDrill(RoutingContext ctx) {
    String n = ctx.pathParam("id");
    read(ctx, "drill run '" + n + "'", () -> queries.get(Table.DRILLS, n, DrillRun.class));
  }

  void listAudit(RoutingContext ctx) {
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    int limit = limit(ctx);
    String token = token(ctx);
    read(ctx, "", () -> queries.audit(from, to, limit, token));
  }
}
