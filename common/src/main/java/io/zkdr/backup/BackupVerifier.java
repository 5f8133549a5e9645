package io.zkdr.backup;

import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.EncryptionKeyResolver;
import io.zkdr.artifact.IntegrityReport;
import io.zkdr.artifact.TreeDigest;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.replay.ReplayResult;
import io.zkdr.zk.replay.ReplayTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Verifies a backup chain end to end: every artifact's checksums (chunk CRC32C and SHA-256), the
 * chain's continuity, a full load and replay (snapshot seals and every txn digest), the tree digest
 * at the end against the manifest's, and optionally the digests a live server reported ({@code
 * hash}) for the zxids both know.
 */
public final class BackupVerifier {

  private BackupVerifier() {}

  /**
   * Runs every check; never throws for a bad backup (the report says what failed).
   *
   * @param liveDigests a live server's digest history (zxid to digest), or null
   */
  public static VerificationReport verify(
      BlobStore store, BackupChain chain, NavigableMap<Long, Long> liveDigests) {
    return verify(store, null, chain, liveDigests);
  }

  /**
   * As {@link #verify(BlobStore, BackupChain, NavigableMap)}, for chains that may hold encrypted
   * artifacts.
   *
   * @param keys supplies the keys encrypted artifacts name; null when none is encrypted
   */
  public static VerificationReport verify(
      BlobStore store,
      EncryptionKeyResolver keys,
      BackupChain chain,
      NavigableMap<Long, Long> liveDigests) {
    // The checksum pass reads every artifact whole; it runs beside the replay, on another core.
    FutureTask<List<VerificationReport.Check>> integrity =
        new FutureTask<>(() -> integrityChecks(store, keys, chain));
    Thread integrityThread = new Thread(integrity, "verify-integrity");
    integrityThread.setDaemon(true);
    integrityThread.start();
    List<VerificationReport.Check> replayChecks = replayChecks(store, keys, chain, liveDigests);
    List<VerificationReport.Check> checks = new ArrayList<>();
    try {
      checks.addAll(integrity.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      integrityThread.interrupt();
      checks.add(fail("integrity", e));
    } catch (ExecutionException e) {
      checks.add(fail("integrity", e.getCause()));
    }
    checks.addAll(replayChecks);
    return new VerificationReport(chain.describe(), checks);
  }

  private static List<VerificationReport.Check> integrityChecks(
      BlobStore store, EncryptionKeyResolver keys, BackupChain chain) {
    List<VerificationReport.Check> checks = new ArrayList<>();
    for (ChainLink link : chain.links()) {
      String name = "integrity " + link.manifest().artifactId();
      try (ArtifactReader reader = ArtifactReader.open(store, link.prefix(), keys)) {
        IntegrityReport r = reader.verifyIntegrity();
        checks.add(
            pass(name, r.chunks() + " chunk(s), " + r.rawLength() + " raw bytes, sha256 ok"));
      } catch (IOException | RuntimeException e) {
        checks.add(fail(name, e));
      }
    }
    return checks;
  }

  private static List<VerificationReport.Check> replayChecks(
      BlobStore store,
      EncryptionKeyResolver keys,
      BackupChain chain,
      NavigableMap<Long, Long> liveDigests) {
    List<VerificationReport.Check> checks = new ArrayList<>();
    checks.add(
        chain.contiguous()
            ? pass("chain", chain.describe())
            : new VerificationReport.Check(
                "chain", VerificationReport.Status.FAILED, chain.describe()));

    ArtifactManifest last = chain.links().get(chain.links().size() - 1).manifest();
    TreeDigest recorded = last.digest();
    Map<Long, Long> replayed = new HashMap<>();
    long[] atRecorded = {0, 0}; // {found, digest}: the tree digest right after the recorded zxid
    ReplayResult result = null;
    try {
      result =
          ChainRestorer.restoreTree(
              store,
              keys,
              chain,
              ReplayTarget.end(),
              (rec, dt) -> {
                if (liveDigests != null && liveDigests.containsKey(rec.zxid())) {
                  replayed.put(rec.zxid(), dt.getTreeDigest());
                }
                if (recorded != null && rec.zxid() == recorded.zxid()) {
                  atRecorded[0] = 1;
                  atRecorded[1] = dt.getTreeDigest();
                }
              });
      checks.add(
          pass(
              "replay",
              "reached "
                  + Zxid.hex(result.zxid())
                  + " with "
                  + result.txnsApplied()
                  + " txn(s), "
                  + result.digestsChecked()
                  + " digest(s) matched"));
    } catch (IOException | RuntimeException e) {
      checks.add(fail("replay", e));
    }

    long replayedDigest =
        result != null && recorded != null && recorded.zxid() == result.zxid()
            ? result.treeDigest()
            : atRecorded[1];
    boolean reached =
        result != null
            && recorded != null
            && (recorded.zxid() == result.zxid() || atRecorded[0] == 1);
    if (result == null) {
      checks.add(skip("manifest digest", "no tree to compare"));
    } else if (recorded == null) {
      checks.add(skip("manifest digest", "the manifest of " + last.artifactId() + " records none"));
    } else if (!reached) {
      checks.add(
          new VerificationReport.Check(
              "manifest digest",
              VerificationReport.Status.FAILED,
              "the manifest of "
                  + last.artifactId()
                  + " records a digest at "
                  + Zxid.hex(recorded.zxid())
                  + ", a zxid the replay never reached"));
    } else if (recorded.value() == replayedDigest) {
      checks.add(pass("manifest digest", recorded.value() + " at " + Zxid.hex(recorded.zxid())));
    } else {
      checks.add(
          new VerificationReport.Check(
              "manifest digest",
              VerificationReport.Status.FAILED,
              "tree digest "
                  + replayedDigest
                  + " at "
                  + Zxid.hex(recorded.zxid())
                  + ", manifest of "
                  + last.artifactId()
                  + " says "
                  + recorded.value()));
    }

    if (liveDigests != null) {
      checks.add(compareLive(liveDigests, replayed, result));
    }
    return checks;
  }

  private static VerificationReport.Check compareLive(
      NavigableMap<Long, Long> live, Map<Long, Long> replayed, ReplayResult result) {
    String name = "live digests";
    if (result == null) {
      return skip(name, "no replay to compare");
    }
    int compared = 0;
    for (Map.Entry<Long, Long> e : live.entrySet()) {
      long zxid = e.getKey();
      if (zxid < result.consistentZxid() || !replayed.containsKey(zxid)) {
        continue;
      }
      compared++;
      if (!replayed.get(zxid).equals(e.getValue())) {
        return new VerificationReport.Check(
            name,
            VerificationReport.Status.FAILED,
            "at "
                + Zxid.hex(zxid)
                + " the server reported "
                + e.getValue()
                + ", the backup gives "
                + replayed.get(zxid));
      }
    }
    return compared == 0
        ? skip(name, "no zxid known to both the server's history and the backup")
        : pass(name, compared + " digest(s) equal the server's");
  }

  private static VerificationReport.Check pass(String name, String detail) {
    return new VerificationReport.Check(name, VerificationReport.Status.PASSED, detail);
  }

  private static VerificationReport.Check skip(String name, String detail) {
    return new VerificationReport.Check(name, VerificationReport.Status.SKIPPED, detail);
  }

  private static VerificationReport.Check fail(String name, Throwable e) {
    return new VerificationReport.Check(
        name,
        VerificationReport.Status.FAILED,
        e.getClass().getSimpleName() + ": " + e.getMessage());
  }
}
