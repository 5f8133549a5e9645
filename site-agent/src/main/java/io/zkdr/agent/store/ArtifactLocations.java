package io.zkdr.agent.store;

import java.net.URI;

/**
 * Where an artifact lives in a region's store: every backup is the artifact prefix {@code
 * artifacts/<ensemble>/<backupId>} (its {@code data.zkdr} and {@code manifest.json}), and a catalog
 * copy's URI is the store's URI followed by that prefix.
 */
public final class ArtifactLocations {
  private ArtifactLocations() {}

  /** The prefix of backup {@code backupId} of {@code ensemble} in any region's store. */
  public static String prefix(String ensemble, String backupId) {
    return "artifacts/" + ensemble + "/" + backupId;
  }

  /** The URI recorded in the catalog for a copy at {@code prefix} in the store at {@code store}. */
  public static String copyUri(URI store, String prefix) {
    String base = store.toString();
    return (base.endsWith("/") ? base : base + "/") + prefix;
  }
}
