package io.zkdr.agent.verify;

import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.backup.BackupChain;
import io.zkdr.backup.ChainLink;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.store.BlobStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the restore chain of a catalogued backup: its FULL and the increments up to it. */
public final class CatalogChains {
  private CatalogChains() {}

  /**
   * The catalog entries from the FULL to {@code backup}, following {@code parentId}.
   *
   * @throws NoSuchFileException when a link is missing from the catalog
   */
  public static List<Backup> lineage(CatalogClient catalog, Backup backup)
      throws NoSuchFileException {
    List<Backup> out = new ArrayList<>();
    out.add(backup);
    if (backup.kind() == BackupKind.FULL) {
      return out;
    }
    Map<String, Backup> byId = new HashMap<>();
    for (Backup b : catalog.backupsByZxid(backup.ensemble(), 0, backup.toZxid())) {
      byId.put(b.id(), b);
    }
    Set<String> seen = new HashSet<>();
    Backup current = backup;
    while (current.kind() != BackupKind.FULL) {
      String parent = current.parentId();
      if (parent == null || !seen.add(parent)) {
        throw new NoSuchFileException(
            "backup " + current.id() + " of " + backup.ensemble(),
            null,
            "the chain of " + backup.id() + " breaks: no parent before the FULL");
      }
      Backup p = byId.get(parent);
      if (p == null) {
        p =
            catalog
                .backup(parent)
                .orElseThrow(
                    () ->
                        new NoSuchFileException(
                            "backup " + parent,
                            null,
                            "parent of the chain of " + backup.id() + " is not catalogued"));
      }
      out.add(p);
      current = p;
    }
    Collections.reverse(out);
    return out;
  }

  /** Reads the manifests of {@code lineage} (FULL first) from {@code store}. */
  public static BackupChain chain(BlobStore store, List<Backup> lineage) throws IOException {
    List<ChainLink> links = new ArrayList<>();
    for (Backup b : lineage) {
      links.add(ChainLink.read(store, ArtifactLocations.prefix(b.ensemble(), b.id())));
    }
    return BackupChain.of(links.get(0), links.subList(1, links.size()));
  }
}
