package io.zkdr.agent.capture;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.catalog.BackupRecords;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.metrics.AgentMetrics;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.agent.store.StoredArtifacts;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.backup.CaptureRequest;
import io.zkdr.backup.FullBackupCapture;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.Ensemble;
import io.zkdr.model.JobKind;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.admin.ServerStatus;
import io.zkdr.zk.datadir.ZkDataDir;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CAPTURE_FULL}: picks the serving member of this site with the highest zxid, writes a FULL
 * artifact from its data dir into the home region's store at {@code artifacts/<ensemble>/<job id>},
 * and only then records the backup (id = job id) with that copy. A retry reuses a complete artifact
 * already at the prefix and replaces a partial one.
 */
public final class CaptureFullHandler implements JobHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureFullHandler.class);
  private static final Duration PROBE = Duration.ofSeconds(2);

  @Override
  public JobKind kind() {
    return JobKind.CAPTURE_FULL;
  }

  @Override
  public Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException {
    SiteServices site = ctx.site();
    String ensemble = ctx.job().spec().ensemble();
    String backupId = ctx.job().id();
    EnsembleConfig ec = site.config().ensemble(ensemble);
    if (ec == null) {
      throw JobFailedException.permanent(
          "agent " + site.config().agentId() + " has no member of ensemble " + ensemble);
    }
    Optional<Backup> recorded = site.catalog().backup(backupId);
    if (recorded.isPresent()) {
      // the previous attempt recorded it and lost the completion's answer
      Backup b = recorded.get();
      return result(b.id(), b.toZxid(), b.sizeBytes(), "");
    }
    String home =
        site.catalog().ensemble(ensemble).map(Ensemble::spec).map(s -> s.homeRegion()).orElse(null);
    String region = home != null ? home : site.config().region();
    if (!site.stores().regions().contains(region)) {
      throw JobFailedException.permanent(
          "agent "
              + site.config().agentId()
              + " has no store for "
              + ensemble
              + "'s home region "
              + region);
    }
    String prefix = ArtifactLocations.prefix(ensemble, backupId);
    BlobStore store = site.stores().store(region);
    ArtifactManifest manifest;
    String member;
    try {
      Optional<ArtifactManifest> existing = StoredArtifacts.complete(store, prefix);
      if (existing.isPresent()) {
        manifest = existing.get();
        member = manifest.sourceMember();
        LOG.info("capture {}: reusing the complete artifact at {}", backupId, prefix);
      } else {
        StoredArtifacts.delete(store, prefix);
        MemberConfig source = newestMember(ec);
        member = source.myid() + "@" + source.host();
        ctx.progress("capturing from member " + member);
        manifest =
            FullBackupCapture.capture(
                new ZkDataDir(source.dataDir(), source.dataLogDir()),
                CaptureRequest.full(backupId, ensemble, member, -1),
                store,
                prefix,
                ArtifactWriter.Options.defaults());
        site.metrics()
            .artifactWritten(AgentMetrics.CAPTURE, ensemble, region, manifest.dataLength());
      }
    } catch (InterruptedIOException e) {
      throw new InterruptedException("capture of " + backupId + " interrupted");
    } catch (IOException e) {
      throw JobFailedException.transientFailure(
          "capture of " + ensemble + " into " + prefix + " in " + region + " failed", e);
    }
    BackupCopy copy =
        new BackupCopy(
            region,
            ArtifactLocations.copyUri(site.stores().uri(region), prefix),
            manifest.dataSha256(),
            null);
    site.catalog().putBackup(BackupRecords.of(manifest, null, copy));
    return result(backupId, manifest.toZxid(), manifest.dataLength(), member);
  }

  private static Map<String, String> result(String id, long toZxid, long size, String member) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("backupId", id);
    r.put("toZxid", Zxid.hex(toZxid));
    r.put("sizeBytes", String.valueOf(size));
    r.put("member", member.contains("@") ? member.substring(0, member.indexOf('@')) : member);
    return r;
  }

  /** The serving member of this site with the highest last zxid. */
  private static MemberConfig newestMember(EnsembleConfig ec) throws JobFailedException {
    MemberConfig best = null;
    long bestZxid = -1;
    StringBuilder why = new StringBuilder();
    for (MemberConfig m : ec.members()) {
      try {
        ServerStatus s = FourLetterWords.srvr(m.host(), m.clientPort(), PROBE);
        if (s.serving() && s.zxid() > bestZxid) {
          best = m;
          bestZxid = s.zxid();
        } else if (!s.serving()) {
          why.append(" member ").append(m.myid()).append(" not serving;");
        }
      } catch (IOException e) {
        why.append(" member ").append(m.myid()).append(": ").append(e.getMessage()).append(';');
      }
    }
    if (best == null) {
      throw new JobFailedException(
          "no member of " + ec.name() + " at this site serves:" + why, true);
    }
    return best;
  }
}
