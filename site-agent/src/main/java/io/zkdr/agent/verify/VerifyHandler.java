package io.zkdr.agent.verify;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.artifact.ArtifactCorruptException;
import io.zkdr.backup.BackupChain;
import io.zkdr.backup.BackupVerifier;
import io.zkdr.backup.VerificationReport;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.JobKind;
import io.zkdr.model.VerificationResult;
import io.zkdr.store.BlobStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * {@code VERIFY}: checks the copy of backup {@code backupId} in {@code region} (default: the job's
 * region): every artifact of its chain (an increment is verified by replaying its chain from the
 * FULL) against its checksums, a full load and replay with every recorded digest, the manifest's
 * digest, and the live ensemble's {@code hash} history where it still holds the zxids. With {@code
 * testRestore=true} it also restores the chain into a scratch single-server ensemble and reads it
 * back ({@link ScratchRestore}). The result is recorded on the backup; a failed check fails the job
 * for good.
 */
public final class VerifyHandler implements JobHandler {

  @Override
  public JobKind kind() {
    return JobKind.VERIFY;
  }

  @Override
  public Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException {
    SiteServices site = ctx.site();
    String backupId = ctx.requireParam("backupId");
    String region = ctx.param("region", ctx.job().spec().region());
    if (region == null) {
      region = site.config().region();
    }
    boolean testRestore = Boolean.parseBoolean(ctx.param("testRestore", "false"));
    if (!site.stores().regions().contains(region)) {
      throw JobFailedException.permanent(
          "agent " + site.config().agentId() + " has no store for region " + region);
    }
    Backup backup =
        site.catalog()
            .backup(backupId)
            .orElseThrow(
                () -> JobFailedException.permanent("backup " + backupId + " is not catalogued"));
    BlobStore store = site.stores().store(region);
    boolean passed;
    String detail;
    try {
      ctx.progress("reading the chain of " + backupId + " in " + region);
      BackupChain chain = CatalogChains.chain(store, CatalogChains.lineage(site.catalog(), backup));
      NavigableMap<Long, Long> live = LiveDigests.of(site, backup.ensemble());
      ctx.progress("verifying " + chain.describe());
      VerificationReport report = BackupVerifier.verify(store, chain, live);
      passed = report.passed();
      detail = report.describe();
      if (passed && testRestore) {
        ctx.progress("test restore of " + backupId);
        ScratchRestore.Outcome o =
            ScratchRestore.run(store, chain, site.workDir("scratch").resolve(ctx.job().id()));
        passed = o.passed();
        detail = o.describe() + "\n" + detail;
      }
    } catch (NoSuchFileException | ArtifactCorruptException e) {
      // a missing or damaged artifact is a finding about this copy, not a passing trouble
      passed = false;
      detail = "copy in " + region + " unusable: " + e.getMessage();
    } catch (InterruptedIOException e) {
      throw new InterruptedException("verification of " + backupId + " interrupted");
    } catch (IOException | UncheckedIOException e) {
      throw JobFailedException.transientFailure(
          "verification of " + backupId + " in " + region + " could not run", e);
    }
    String summary = (passed ? "passed: " : "FAILED: ") + detail;
    site.catalog()
        .addVerification(
            backupId, new VerificationResult(Instant.now(), region, passed, clip(summary, 4000)));
    site.metrics().verification(backup.ensemble(), passed);
    if (!passed) {
      throw JobFailedException.permanent(
          "verification of " + backupId + " in " + region + " failed: " + clip(detail, 2000));
    }
    BackupCopy copy = backup.copies().get(region);
    if (copy != null) {
      site.catalog()
          .addCopy(
              backupId, new BackupCopy(copy.region(), copy.uri(), copy.checksum(), Instant.now()));
    }
    Map<String, String> r = new LinkedHashMap<>();
    r.put("passed", "true");
    r.put("detail", clip(detail, 3000));
    return r;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
