package io.zkdr.controller.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the index tables that a database written by an earlier version lacks, from the tables they
 * are derived from. It runs whenever the catalog database is opened (start, snapshot install),
 * before any read or apply. The entries and a marker in META go in one write batch, so a crash in
 * between leaves the build to be done again, never half done. The result depends only on the
 * database's contents, so every controller derives the same entries.
 */
final class IndexBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(IndexBackfill.class);

  /** Present once {@link Table#FULL_BACKUPS_BY_ZXID} holds every FULL of the by-zxid index. */
  static final byte[] FULL_BY_ZXID_BUILT = Keys.utf8("index.full_backups_by_zxid");

  private IndexBackfill() {}

  /** Builds what is missing; returns the number of entries written. */
  static long run(CatalogStore store) {
    if (store.getRaw(Table.META, FULL_BY_ZXID_BUILT) != null) {
      return 0;
    }
    long[] written = {0};
    try (CatalogTxn txn = store.begin()) {
      store.scan(
          Table.BACKUPS_BY_ZXID,
          null,
          null,
          false,
          (k, v) -> {
            if (ZxidIndexEntry.isFull(v)) {
              txn.putRaw(Table.FULL_BACKUPS_BY_ZXID, k, v);
              written[0]++;
            }
            return true;
          });
      txn.putRaw(Table.META, FULL_BY_ZXID_BUILT, new byte[] {1});
      txn.commitDerived();
    }
    if (written[0] > 0) {
      LOG.info(
          "built {} with {} entries in {}",
          Table.FULL_BACKUPS_BY_ZXID.cfName(),
          written[0],
          store.dir());
    }
    return written[0];
  }
}
