package io.zkdr.agent.restore;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.member.MemberControl;
import io.zkdr.backup.ChainRestorer;
import io.zkdr.model.JobKind;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.diff.TreeDiff;
import io.zkdr.zk.replay.ReplayException;
import io.zkdr.zk.replay.ReplayResult;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.replay.TreeReplayer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code RESTORE}: rebuilds the ensemble's tree at a zxid, a time or the latest restorable point
 * from the copies in {@code spec.region}, then puts it into the ensemble's stopped members, a
 * running ensemble (client writes) or a scratch server. A dry run reports what would change and
 * changes nothing. Ephemeral znodes and sessions are never restored.
 */
public final class RestoreHandler implements JobHandler {

  /** Longest time between two progress reports while replaying. */
  static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  /** How long restored servers may take to serve. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** Looks at a scratch server while it serves the restored tree (drills, test restores). */
  @FunctionalInterface
  public interface ScratchInspector {
    /**
     * @param connectString the scratch server's {@code host:port}
     * @param restored the tree it was seeded with
     * @throws JobFailedException when what it serves is wrong
     */
    void inspect(String connectString, ReplayResult restored)
        throws JobFailedException, InterruptedException;
  }

  private final ScratchInspector inspector;

  /** A handler whose scratch restores are only started, checked and stopped. */
  public RestoreHandler() {
    this((connect, restored) -> {});
  }

  /** A handler that hands each scratch server to {@code inspector} before stopping it. */
  public RestoreHandler(ScratchInspector inspector) {
    this.inspector = inspector;
  }

  @Override
  public JobKind kind() {
    return JobKind.RESTORE;
  }

  @Override
  public Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException {
    RestoreRequest request = RestoreRequest.of(ctx);
    SiteServices site = ctx.site();
    Consumer<String> progress = ctx::progress;
    BlobStore store;
    try {
      store = site.stores().store(request.region());
    } catch (IllegalArgumentException e) {
      throw JobFailedException.permanent(e.getMessage());
    }
    ChainSelector.Selected selected;
    ReplayResult replayed;
    try {
      selected = new ChainSelector(site.catalog(), store).select(request, progress);
      progress.accept(
          "replaying "
              + selected.chain().describe()
              + " to "
              + selected.target()
              + " from "
              + request.region());
      replayed =
          ChainRestorer.restoreTree(store, selected.chain(), selected.target(), reporter(progress));
    } catch (ReplayException e) {
      throw JobFailedException.permanent(
          "cannot restore "
              + request.ensemble()
              + " to "
              + request.describeTarget()
              + ": "
              + e.getMessage());
    } catch (io.zkdr.artifact.ArtifactCorruptException e) {
      throw JobFailedException.permanent("a backup artifact is corrupt: " + e.getMessage());
    } catch (IOException e) {
      throw JobFailedException.transientFailure(
          "reading the backups of "
              + request.ensemble()
              + " in "
              + request.region()
              + " failed: "
              + e.getMessage(),
          e);
    }
    List<RestoredNode> nodes = RestoredNode.under(replayed.tree(), request.subtree());
    if (nodes.isEmpty() && !request.subtree().equals("/")) {
      throw JobFailedException.permanent(
          request.subtree() + " does not exist at " + Zxid.hex(replayed.zxid()) + " in the backup");
    }
    Map<String, String> result = new LinkedHashMap<>();
    result.put("fullBackupId", selected.fullBackupId());
    result.put("toBackupId", selected.toBackupId());
    result.put("restoredZxid", Zxid.hex(replayed.zxid()));
    result.put("znodes", Long.toString(nodes.size()));
    result.put("digest", Long.toHexString(replayed.treeDigest()));
    result.put("dryRun", Boolean.toString(request.dryRun()));
    switch (request.target()) {
      case RUNNING -> result.putAll(running(ctx, request, replayed, nodes).asResult());
      case MEMBERS -> result.putAll(members(ctx, request, replayed));
      case SCRATCH -> result.putAll(scratch(ctx, request, replayed, nodes));
    }
    return result;
  }

  private static TreeReplayer.TxnListener reporter(Consumer<String> progress) {
    long[] last = {System.nanoTime()};
    return (rec, tree) -> {
      long now = System.nanoTime();
      if (now - last[0] > PROGRESS_EVERY_NANOS) {
        last[0] = now;
        progress.accept("replayed to " + Zxid.hex(rec.zxid()));
      }
    };
  }

  private static TreeChanges running(
      JobContext ctx, RestoreRequest request, ReplayResult replayed, List<RestoredNode> nodes)
      throws JobFailedException, InterruptedException {
    String connect = request.connectString();
    if (connect == null) {
      EnsembleConfig local = ctx.site().config().ensemble(request.ensemble());
      if (local == null) {
        throw JobFailedException.permanent(
            "no connectString given and this agent manages no member of " + request.ensemble());
      }
      connect = local.connectString();
    }
    List<RestoredNode> ancestors = RestoredNode.ancestors(replayed.tree(), request.subtree());
    return new RunningRestore(connect)
        .restore(ancestors, nodes, request.onConflict(), request.dryRun(), ctx::progress);
  }

  private static Map<String, String> members(
      JobContext ctx, RestoreRequest request, ReplayResult replayed)
      throws JobFailedException, InterruptedException {
    EnsembleConfig local = ctx.site().config().ensemble(request.ensemble());
    if (local == null || local.members().isEmpty()) {
      throw JobFailedException.permanent("this agent manages no member of " + request.ensemble());
    }
    List<String> elsewhere = new ArrayList<>();
    ctx.site()
        .catalog()
        .ensemble(request.ensemble())
        .ifPresent(
            e ->
                e.spec().members().stream()
                    .filter(m -> local.member(m.myid()) == null)
                    .forEach(m -> elsewhere.add(m.myid() + "@" + m.site())));
    if (!elsewhere.isEmpty()) {
      throw JobFailedException.permanent(
          "ensemble "
              + request.ensemble()
              + " has members this agent does not manage ("
              + String.join(", ", elsewhere)
              + "): an offline restore must stop and seed every member");
    }
    if (request.dryRun()) {
      return diffWithMemberData(local.members().get(0), replayed).asResult();
    }
    List<MemberControl> controls = new ArrayList<>();
    for (MemberConfig m : local.members()) {
      controls.add(ctx.site().member(request.ensemble(), m.myid()));
    }
    String oldData =
        new MemberRestore(request.ensemble(), controls, ctx.job().id(), START_TIMEOUT)
            .restore(replayed.tree(), ctx::progress);
    return Map.of("oldData", oldData);
  }

  /** What replacing the member's data with the restored tree would change. */
  private static TreeChanges diffWithMemberData(MemberConfig member, ReplayResult replayed)
      throws JobFailedException {
    ReplayResult current;
    try {
      current =
          TreeReplayer.replay(
              new ZkDataDir(member.dataDir(), member.dataLogDir()), ReplayTarget.end());
    } catch (IOException e) {
      throw JobFailedException.transientFailure(
          "cannot read the data of member "
              + member.myid()
              + " in "
              + member.dataDir()
              + ": "
              + e.getMessage(),
          e);
    }
    TreeDiff.Result diff =
        new TreeDiff(false, Integer.MAX_VALUE).compare(current.tree(), replayed.tree());
    long created = 0;
    long deleted = 0;
    Set<String> updated = new HashSet<>();
    for (TreeDiff.Difference d : diff.differences()) {
      switch (d.kind()) {
        case ONLY_IN_A -> deleted++;
        case ONLY_IN_B -> created++;
        default -> updated.add(d.path());
      }
    }
    long unchanged = Math.max(0, diff.nodesB() - created - updated.size());
    return new TreeChanges(created, updated.size(), deleted, 0, unchanged);
  }

  private Map<String, String> scratch(
      JobContext ctx, RestoreRequest request, ReplayResult replayed, List<RestoredNode> nodes)
      throws JobFailedException, InterruptedException {
    if (request.dryRun()) {
      return new TreeChanges(nodes.size(), 0, 0, 0, 0).asResult();
    }
    Path dir = ctx.site().workDir("restore", ctx.job().id() + "-" + ctx.attempt());
    ctx.progress("starting a scratch server under " + dir);
    try (ScratchEnsemble scratch = ScratchEnsemble.start(dir, replayed.tree(), START_TIMEOUT)) {
      if (!request.subtree().equals("/")) {
        // the scratch server holds the whole tree; the subtree only narrows the counts reported
        ctx.progress(
            "scratch server holds the whole tree; subtree " + request.subtree() + " counted");
      }
      ctx.progress("scratch server serving at " + scratch.connectString());
      inspector.inspect(scratch.connectString(), replayed);
      return Map.of("connectString", scratch.connectString());
    } catch (IOException e) {
      throw JobFailedException.transientFailure(
          "the scratch server for " + request.ensemble() + " did not come up: " + e.getMessage(),
          e);
    }
  }
}
