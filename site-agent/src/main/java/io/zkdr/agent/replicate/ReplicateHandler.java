package io.zkdr.agent.replicate;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.metrics.AgentMetrics;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.agent.store.StoredArtifacts;
import io.zkdr.artifact.ArtifactCopier;
import io.zkdr.artifact.ArtifactCorruptException;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.Ensemble;
import io.zkdr.model.JobKind;
import io.zkdr.store.BlobStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code REPLICATE}: copies backup {@code backupId} from a region holding it ({@code sourceRegion},
 * else the home region first, then any other) to this job's region, reads the arrived copy back
 * against its manifest (every chunk's CRC32C and the file's SHA-256), and only then records the
 * copy. A copy already recorded with the same checksum, or already complete at the destination, is
 * not copied again.
 */
public final class ReplicateHandler implements JobHandler {

  @Override
  public JobKind kind() {
    return JobKind.REPLICATE;
  }

  @Override
  public Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException {
    SiteServices site = ctx.site();
    String backupId = ctx.requireParam("backupId");
    String target =
        ctx.job().spec().region() != null ? ctx.job().spec().region() : site.config().region();
    Backup backup =
        site.catalog()
            .backup(backupId)
            .orElseThrow(
                () -> JobFailedException.permanent("backup " + backupId + " is not catalogued"));
    if (!site.stores().regions().contains(target)) {
      throw JobFailedException.permanent(
          "agent " + site.config().agentId() + " has no store for region " + target);
    }
    String prefix = ArtifactLocations.prefix(backup.ensemble(), backupId);
    BlobStore to = site.stores().store(target);
    BackupCopy recorded = backup.copies().get(target);
    String checksum = anyChecksum(backup);
    try {
      Optional<ArtifactManifest> there = StoredArtifacts.complete(to, prefix);
      if (recorded != null
          && there.isPresent()
          && there.get().dataSha256().equals(recorded.checksum())) {
        return result(backupId, target, recorded.checksum());
      }
      if (there.isEmpty()) {
        StoredArtifacts.delete(to, prefix); // leftovers of an interrupted copy
        copyFromSource(ctx, backup, target, prefix, to);
      }
      ctx.progress("checking the copy in " + target);
      ArtifactManifest arrived = checkArrived(to, prefix, backupId, target);
      if (checksum != null && !checksum.equals(arrived.dataSha256())) {
        throw JobFailedException.permanent(
            "the copy of "
                + backupId
                + " in "
                + target
                + " has checksum "
                + arrived.dataSha256()
                + " but the catalog records "
                + checksum);
      }
      site.catalog()
          .addCopy(
              backupId,
              new BackupCopy(
                  target,
                  ArtifactLocations.copyUri(site.stores().uri(target), prefix),
                  arrived.dataSha256(),
                  Instant.now()));
      return result(backupId, target, arrived.dataSha256());
    } catch (InterruptedIOException e) {
      throw new InterruptedException("replication of " + backupId + " interrupted");
    } catch (IOException e) {
      throw JobFailedException.transientFailure(
          "replication of " + backupId + " to " + target + " failed", e);
    }
  }

  private static String anyChecksum(Backup b) {
    return b.copies().values().stream().map(BackupCopy::checksum).findFirst().orElse(null);
  }

  private void copyFromSource(
      JobContext ctx, Backup backup, String target, String prefix, BlobStore to)
      throws IOException, JobFailedException {
    SiteServices site = ctx.site();
    List<String> sources = sources(ctx, backup, target);
    if (sources.isEmpty()) {
      throw JobFailedException.permanent(
          "no region this agent can read holds a copy of "
              + backup.id()
              + " (copies: "
              + backup.copies().keySet()
              + ", stores: "
              + site.stores().regions()
              + ")");
    }
    IOException last = null;
    for (String source : sources) {
      ctx.progress("copying from " + source + " to " + target);
      try {
        ArtifactManifest m = ArtifactCopier.copy(site.stores().store(source), prefix, to, prefix);
        site.metrics()
            .artifactWritten(AgentMetrics.REPLICATE, backup.ensemble(), target, m.dataLength());
        return;
      } catch (FileAlreadyExistsException e) {
        throw JobFailedException.permanent(
            "a different artifact is already at " + prefix + " in " + target);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        last = e; // a corrupt or unreachable source: try the next region
      }
    }
    throw last;
  }

  private static List<String> sources(JobContext ctx, Backup backup, String target) {
    SiteServices site = ctx.site();
    String asked = ctx.param("sourceRegion", null);
    List<String> out = new ArrayList<>();
    if (asked != null) {
      out.add(asked);
      return out;
    }
    String home =
        site.catalog()
            .ensemble(backup.ensemble())
            .map(Ensemble::spec)
            .map(s -> s.homeRegion())
            .orElse(null);
    if (home != null && backup.copies().containsKey(home)) {
      out.add(home);
    }
    for (String r : backup.copies().keySet()) {
      if (!out.contains(r)) {
        out.add(r);
      }
    }
    out.removeIf(r -> r.equals(target) || !site.stores().regions().contains(r));
    return out;
  }

  private static ArtifactManifest checkArrived(
      BlobStore to, String prefix, String backupId, String region)
      throws IOException, JobFailedException {
    try (ArtifactReader reader = ArtifactReader.open(to, prefix)) {
      reader.verifyIntegrity();
      return reader.manifest();
    } catch (ArtifactCorruptException e) {
      StoredArtifacts.delete(to, prefix); // the retry copies it again
      throw new JobFailedException(
          "the copy of " + backupId + " in " + region + " is damaged: " + e.getMessage(), true, e);
    }
  }

  private static Map<String, String> result(String id, String region, String checksum) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("backupId", id);
    r.put("region", region);
    r.put("checksum", checksum);
    return r;
  }
}
