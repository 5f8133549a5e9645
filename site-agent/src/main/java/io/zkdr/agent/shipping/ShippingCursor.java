package io.zkdr.agent.shipping;

import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.RestorableChain;
import java.util.List;
import java.util.Optional;

/**
 * Where shipping stands: the last zxid held by a catalogued backup of the ensemble and that
 * backup's id (the parent of the next increment).
 *
 * @param lastZxid the last zxid catalogued; the next increment starts right after it
 * @param lastBackupId the backup that holds it
 * @param fallback where to resume instead when no member's log holds the txns after {@code
 *     lastZxid} any more: a FULL backup taken after it (while shipping was stopped); null when
 *     there is none
 */
public record ShippingCursor(long lastZxid, String lastBackupId, ShippingCursor fallback) {

  public ShippingCursor(long lastZxid, String lastBackupId) {
    this(lastZxid, lastBackupId, null);
  }

  /**
   * The resume point from the catalog: the end of the newest increment of {@code ensemble} with a
   * copy in {@code region}, with the newest FULL as the fallback when that FULL is newer (its txns
   * since the increment are in no increment yet, and point-in-time restore wants them); the newest
   * FULL alone when there is no increment. Empty when the ensemble has no backup there yet
   * (shipping waits for a full backup to build on).
   */
  public static Optional<ShippingCursor> resume(
      CatalogClient catalog, String ensemble, String region) {
    List<RestorableChain> chains = catalog.restorable(ensemble, region).chains();
    long from = 0;
    if (!chains.isEmpty()) {
      // The newest chain and the one before it: a FULL taken while shipping was stopped starts a
      // chain that no increment has reached yet. Increments beyond a gap count too.
      from = chains.get(Math.max(0, chains.size() - 2)).covered().from();
    }
    Backup newest = null;
    Backup newestIncrement = null;
    for (Backup b : catalog.backupsByZxid(ensemble, from, Long.MAX_VALUE)) {
      if (!b.copies().containsKey(region)) {
        continue;
      }
      if (newest == null || b.toZxid() >= newest.toZxid()) {
        newest = b;
      }
      if (b.kind() == BackupKind.INCREMENTAL
          && (newestIncrement == null || b.toZxid() >= newestIncrement.toZxid())) {
        newestIncrement = b;
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    ShippingCursor latest = new ShippingCursor(newest.toZxid(), newest.id());
    if (newestIncrement == null || newestIncrement.toZxid() >= newest.toZxid()) {
      return Optional.of(latest);
    }
    return Optional.of(new ShippingCursor(newestIncrement.toZxid(), newestIncrement.id(), latest));
  }
}
