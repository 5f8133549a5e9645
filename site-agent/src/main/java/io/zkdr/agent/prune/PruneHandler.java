package io.zkdr.agent.prune;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.agent.store.StoredArtifacts;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.JobKind;
import io.zkdr.zk.Zxid;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PRUNE}: deletes the artifact of {@code backupId} from the store of {@code region} (=
 * {@code spec.region}), manifest first so that it stops counting as complete at once, then the
 * data. Completing the job removes the copy from the catalog (the controller does that), so the
 * catalog never names a copy that is already gone before the job ends. Deleting an artifact that is
 * already gone succeeds. With {@code scope=chain} (retention) it deletes a whole chain's artifacts
 * in that region.
 */
public final class PruneHandler implements JobHandler {

  @Override
  public JobKind kind() {
    return JobKind.PRUNE;
  }

  @Override
  public Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException {
    SiteServices site = ctx.site();
    String backupId = ctx.requireParam("backupId");
    String region = ctx.param("region", ctx.job().spec().region());
    if (region == null) {
      throw JobFailedException.permanent("job " + ctx.job().id() + " names no region");
    }
    if (!site.stores().regions().contains(region)) {
      throw JobFailedException.permanent(
          "agent " + site.config().agentId() + " has no store for region " + region);
    }
    if ("chain".equals(ctx.param("scope", null))) {
      return pruneChain(ctx, site, backupId, region);
    }
    Optional<Backup> backup = site.catalog().backup(backupId);
    String ensemble = backup.map(Backup::ensemble).orElse(ctx.job().spec().ensemble());
    String prefix = ArtifactLocations.prefix(ensemble, backupId);
    try {
      StoredArtifacts.delete(site.stores().store(region), prefix);
    } catch (IOException e) {
      throw JobFailedException.transientFailure(
          "cannot delete " + prefix + " from the store of " + region, e);
    }
    Map<String, String> r = new LinkedHashMap<>();
    r.put("backupId", backupId);
    r.put("region", region);
    r.put("deleted", prefix);
    return r;
  }

  /**
   * Retention's PRUNE of a whole chain: the full {@code backupId} and every increment whose toZxid
   * lies in {@code [fromZxid, toZxid]}, as far as they have a copy in {@code region}.
   */
  private static Map<String, String> pruneChain(
      JobContext ctx, SiteServices site, String fullId, String region)
      throws JobFailedException, InterruptedException {
    String ensemble = ctx.job().spec().ensemble();
    long from = Zxid.parse(ctx.requireParam("fromZxid"));
    long to = Zxid.parse(ctx.requireParam("toZxid"));
    List<Backup> links =
        site.catalog().backupsByZxid(ensemble, from, to).stream()
            .filter(b -> b.kind() == BackupKind.INCREMENTAL || b.id().equals(fullId))
            .filter(b -> b.copies().containsKey(region))
            .toList();
    int deleted = 0;
    for (Backup b : links) {
      if (Thread.interrupted()) {
        throw new InterruptedException("pruning the chain of " + fullId + " in " + region);
      }
      String prefix = ArtifactLocations.prefix(ensemble, b.id());
      try {
        StoredArtifacts.delete(site.stores().store(region), prefix);
      } catch (IOException e) {
        throw JobFailedException.transientFailure(
            "cannot delete " + prefix + " from the store of " + region, e);
      }
      if (++deleted % 500 == 0) {
        ctx.progress("deleted " + deleted + " of " + links.size() + " artifacts");
      }
    }
    Map<String, String> r = new LinkedHashMap<>();
    r.put("backupId", fullId);
    r.put("region", region);
    r.put("deleted", String.valueOf(deleted));
    return r;
  }
}
