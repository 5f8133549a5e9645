package io.zkdr.cli.demo;

import io.zkdr.model.Agent;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the catalog shows about the demo at one moment, and whether that is what the demo promises:
 * FULL and INCREMENTAL backups, each with copies in every region and verified.
 *
 * @param leader the Raft leader, or null
 * @param agents the registered agents
 * @param backups the ensemble's backups
 * @param regions the demo's regions
 */
record DemoSummary(String leader, List<Agent> agents, List<Backup> backups, List<String> regions) {

  DemoSummary {
    agents = List.copyOf(agents);
    backups = List.copyOf(backups);
    regions = List.copyOf(regions);
  }

  /** The newest FULL backup. */
  Optional<Backup> lastFull() {
    return newest(BackupKind.FULL);
  }

  /** The newest INCREMENTAL backup. */
  Optional<Backup> lastIncrement() {
    return newest(BackupKind.INCREMENTAL);
  }

  private Optional<Backup> newest(BackupKind kind) {
    return backups.stream()
        .filter(b -> b.kind() == kind)
        .max(Comparator.comparing(Backup::toZxid).thenComparing(Backup::createdAt));
  }

  long count(BackupKind kind) {
    return backups.stream().filter(b -> b.kind() == kind).count();
  }

  /** Backups with a copy in each region, by region in the demo's order. */
  Map<String, Long> copiesByRegion() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String r : regions) {
      out.put(r, backups.stream().filter(b -> b.copies().containsKey(r)).count());
    }
    return out;
  }

  long verified() {
    return backups.stream().filter(Backup::verified).count();
  }

  /** The highest zxid any backup reaches, 0 when there is none. */
  long shippedZxid() {
    return backups.stream().mapToLong(Backup::toZxid).max().orElse(0);
  }

  /** A backup of {@code kind} with a copy in every region that is verified, if any. */
  Optional<Backup> complete(BackupKind kind) {
    return backups.stream()
        .filter(b -> b.kind() == kind)
        .filter(b -> b.copies().keySet().containsAll(regions))
        .filter(Backup::verified)
        .findFirst();
  }

  /** What the demo promised and the catalog does not show; empty when it shows everything. */
  List<String> missing() {
    List<String> out = new ArrayList<>();
    for (BackupKind kind : List.of(BackupKind.FULL, BackupKind.INCREMENTAL)) {
      if (complete(kind).isPresent()) {
        continue;
      }
      List<Backup> ofKind = backups.stream().filter(b -> b.kind() == kind).toList();
      if (ofKind.isEmpty()) {
        out.add("no " + kind + " backup in the catalog");
        continue;
      }
      boolean everywhere = ofKind.stream().anyMatch(b -> b.copies().keySet().containsAll(regions));
      boolean verified = ofKind.stream().anyMatch(Backup::verified);
      if (!everywhere) {
        out.add(
            "no "
                + kind
                + " backup has copies in all of "
                + regions
                + " (copies of the newest: "
                + newest(kind).map(b -> b.copies().keySet().toString()).orElse("[]")
                + ")");
      } else if (!verified) {
        out.add("no " + kind + " backup is verified (" + ofKind.size() + " in the catalog)");
      } else {
        out.add("no " + kind + " backup is both verified and copied to all of " + regions);
      }
    }
    return out;
  }
}
