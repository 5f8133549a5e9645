package io.zkdr.agent.restore;

import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.artifact.ArtifactCorruptException;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.IntegrityReport;
import io.zkdr.backup.BackupChain;
import io.zkdr.backup.ChainLink;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.RestorableRange;
import io.zkdr.model.ZxidRange;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.replay.ReplayTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the chain in one region's copies that reaches a restore's target, refuses a target no chain
 * reaches (naming the reachable ranges and gaps), and checks every artifact it will read (chunk
 * checksums and SHA-256 against the manifest and the catalog's copy checksum).
 */
public final class ChainSelector {

  /**
   * A chain ready to restore from.
   *
   * @param chain the chain, cut after the last increment the target needs
   * @param target where the replay stops
   * @param fullBackupId the chain's FULL backup
   * @param toBackupId the last backup read
   */
  public record Selected(
      BackupChain chain, ReplayTarget target, String fullBackupId, String toBackupId) {}

  private final CatalogClient catalog;
  private final BlobStore store;

  public ChainSelector(CatalogClient catalog, BlobStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  /** Selects and checks the chain for {@code request}. */
  public Selected select(RestoreRequest request, Consumer<String> progress)
      throws JobFailedException, IOException {
    RestorableRange range = catalog.restorable(request.ensemble(), request.region());
    List<RestorableChain> chains = range.chains();
    RestorableChain chosen = null;
    for (int i = chains.size() - 1; i >= 0 && chosen == null; i--) {
      RestorableChain c = chains.get(i);
      if (request.toZxid() >= 0) {
        if (c.covered().from() <= request.toZxid() && request.toZxid() <= c.covered().to()) {
          chosen = c;
        }
      } else if (request.toTime() != null) {
        Backup full = catalog.backup(c.fullBackupId()).orElse(null);
        if (full != null && !full.createdAt().isAfter(request.toTime())) {
          chosen = c;
        }
      } else {
        chosen = c;
      }
    }
    if (chosen == null) {
      throw JobFailedException.permanent(
          "cannot restore "
              + request.ensemble()
              + " to "
              + request.describeTarget()
              + " from the copies in "
              + request.region()
              + ": "
              + describe(chains));
    }
    List<Backup> backups =
        catalog.backupsByZxid(request.ensemble(), chosen.covered().from(), chosen.covered().to());
    Backup full = null;
    List<Backup> increments = new ArrayList<>();
    for (Backup b : backups) {
      if (!b.copies().containsKey(request.region())) {
        continue;
      }
      if (b.id().equals(chosen.fullBackupId())) {
        full = b;
      } else if (b.kind() == BackupKind.INCREMENTAL
          && (request.toZxid() < 0 || b.fromZxid() < request.toZxid())) {
        increments.add(b);
      }
    }
    if (full == null) {
      throw JobFailedException.transientFailure(
          "the full backup " + chosen.fullBackupId() + " is no longer listed in the catalog", null);
    }
    List<Backup> used = new ArrayList<>();
    used.add(full);
    used.addAll(increments);
    progress.accept("checking " + used.size() + " artifact(s) in " + request.region());
    ChainLink fullLink = null;
    List<ChainLink> links = new ArrayList<>();
    for (Backup b : used) {
      ChainLink link = check(request, b);
      if (b == full) {
        fullLink = link;
      } else {
        links.add(link);
      }
    }
    BackupChain chain = BackupChain.of(fullLink, links);
    ReplayTarget target =
        request.toZxid() >= 0
            ? ReplayTarget.zxid(request.toZxid())
            : request.toTime() != null
                ? ReplayTarget.time(request.toTime())
                : ReplayTarget.zxid(chain.endZxid());
    String last = links.isEmpty() ? full.id() : links.get(links.size() - 1).manifest().artifactId();
    return new Selected(chain, target, full.id(), last);
  }

  /** Reads an artifact through and compares it with its manifest and the catalog's checksum. */
  private ChainLink check(RestoreRequest request, Backup b) throws JobFailedException, IOException {
    String prefix = ArtifactLocations.prefix(request.ensemble(), b.id());
    BackupCopy copy = b.copies().get(request.region());
    try (ArtifactReader reader = ArtifactReader.open(store, prefix)) {
      IntegrityReport report = reader.verifyIntegrity();
      if (copy.checksum() != null && !copy.checksum().equals(report.dataSha256())) {
        throw JobFailedException.permanent(
            "backup "
                + b.id()
                + " in "
                + request.region()
                + " ("
                + store.uri()
                + "): SHA-256 "
                + report.dataSha256()
                + " differs from the catalogued "
                + copy.checksum());
      }
      return new ChainLink(prefix, reader.manifest());
    } catch (ArtifactCorruptException e) {
      throw JobFailedException.permanent(
          "backup " + b.id() + " in " + request.region() + " is corrupt: " + e.getMessage());
    }
  }

  private static String describe(List<RestorableChain> chains) {
    if (chains.isEmpty()) {
      return "no chain is restorable there";
    }
    StringBuilder sb = new StringBuilder("reachable ");
    for (int i = 0; i < chains.size(); i++) {
      RestorableChain c = chains.get(i);
      sb.append(i == 0 ? "" : ", ")
          .append(range(c.covered()))
          .append(" (from ")
          .append(c.fullBackupId())
          .append(")");
      for (ZxidRange gap : c.gaps()) {
        sb.append(" gap ").append(range(gap));
      }
    }
    return sb.toString();
  }

  private static String range(ZxidRange r) {
    return Zxid.hex(r.from()) + ".." + Zxid.hex(r.to());
  }
}
