package io.zkdr.agent.shipping;

import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.model.Backup;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.RestorableRange;
import java.util.Optional;

/**
 * Where shipping stands: the last zxid held by a catalogued backup of the ensemble and that
 * backup's id (the parent of the next increment).
 *
 * @param lastZxid the last zxid catalogued; the next increment starts right after it
 * @param lastBackupId the backup that holds it
 */
public record ShippingCursor(long lastZxid, String lastBackupId) {

  /**
   * The resume point from the catalog: the newest backup (by toZxid) of {@code ensemble} with a
   * copy in {@code region}, full or incremental. Empty when the ensemble has no backup there yet
   * (shipping waits for a full backup to build on).
   */
  public static Optional<ShippingCursor> resume(
      CatalogClient catalog, String ensemble, String region) {
    RestorableRange range = catalog.restorable(ensemble, region);
    long from = 0;
    if (!range.chains().isEmpty()) {
      RestorableChain last = range.chains().get(range.chains().size() - 1);
      from = last.covered().from();
    }
    // Only the newest chain's backups are listed: increments beyond a gap count too.
    Backup newest = null;
    for (Backup b : catalog.backupsByZxid(ensemble, from, Long.MAX_VALUE)) {
      if (!b.copies().containsKey(region)) {
        continue;
      }
      if (newest == null || b.toZxid() >= newest.toZxid()) {
        newest = b;
      }
    }
    return newest == null
        ? Optional.empty()
        : Optional.of(new ShippingCursor(newest.toZxid(), newest.id()));
  }
}
