package io.zkdr.agent.prune;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.agent.store.StoredArtifacts;
import io.zkdr.model.Backup;
import io.zkdr.model.JobKind;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PRUNE}: deletes the artifact of {@code backupId} from the store of {@code region} (=
 * {@code spec.region}), manifest first so that it stops counting as complete at once, then the
 * data. Completing the job removes the copy from the catalog (the controller does that), so the
 * catalog never names a copy that is already gone before the job ends. Deleting an artifact that is
 * already gone succeeds.
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
}
