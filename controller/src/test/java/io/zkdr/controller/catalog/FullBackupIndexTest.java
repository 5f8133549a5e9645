package io.zkdr.controller.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.ZxidRange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The index of FULL backups that "latest restorable" starts from, and its build on open. */
class FullBackupIndexTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Path dir() {
    return Path.of(
        System.getProperty("zkdr.test.tmp", "target/test-tmp"), "full-index-" + UUID.randomUUID());
  }

  private static Backup backup(String id, BackupKind kind, long from, long to, String... regions) {
    Map<String, BackupCopy> copies = new java.util.TreeMap<>();
    for (String r : regions) {
      copies.put(r, new BackupCopy(r, "s3://bk/" + id, "ab".repeat(32), null));
    }
    return new Backup(
        id, "zk", kind, from, to, T0.plusSeconds(to), null, 1, null, null, copies, List.of());
  }

  /**
   * Two chains: full-1 (both regions) with increments to 0x30, full-2 (us-east only) with
   * increments to 0x50, the last one in both regions.
   */
  private static List<Backup> history() {
    List<Backup> b = new ArrayList<>();
    b.add(backup("full-1", BackupKind.FULL, 0x10, 0x10, "eu-west", "us-east"));
    b.add(backup("inc-1a", BackupKind.INCREMENTAL, 0x10, 0x20, "eu-west", "us-east"));
    b.add(backup("inc-1b", BackupKind.INCREMENTAL, 0x20, 0x30, "eu-west", "us-east"));
    b.add(backup("full-2", BackupKind.FULL, 0x30, 0x30, "us-east"));
    b.add(backup("inc-2a", BackupKind.INCREMENTAL, 0x30, 0x40, "us-east"));
    b.add(backup("inc-2b", BackupKind.INCREMENTAL, 0x40, 0x50, "eu-west", "us-east"));
    return b;
  }

  private static void write(CatalogStore store, List<Backup> backups, long index) {
    try (CatalogTxn txn = store.begin()) {
      backups.forEach(b -> IndexKeys.putBackup(txn, b));
      txn.commit(1, index);
    }
  }

  @Test
  void latestChainStartsAtTheNewestFullHeldInTheRegion() throws Exception {
    try (CatalogStore store = CatalogStore.open(dir())) {
      write(store, history(), 1);
      CatalogQueries q = new CatalogQueries(store);
      assertEquals(
          new RestorableChain("full-2", "inc-2b", new ZxidRange(0x30, 0x50), List.of()),
          q.latestRestorable("zk", null));
      // eu-west also holds inc-2b, but not the transactions between 0x30 and it.
      assertEquals(
          new RestorableChain(
              "full-1", "inc-1b", new ZxidRange(0x10, 0x30), List.of(new ZxidRange(0x31, 0x40))),
          q.latestRestorable("zk", "eu-west"));
      assertNull(q.latestRestorable("zk", "ap-south"));
      assertNull(q.latestRestorable("other", null));

      // Pruning the newest full drops it from the index; the increments after it still extend the
      // older full's chain.
      try (CatalogTxn txn = store.begin()) {
        IndexKeys.deleteBackup(txn, history().get(3));
        txn.commit(1, 2);
      }
      assertEquals(
          new RestorableChain("full-1", "inc-2b", new ZxidRange(0x10, 0x50), List.of()),
          q.latestRestorable("zk", "us-east"));
    }
  }

  @Test
  void aDatabaseWithoutTheIndexGetsItBuiltWhenOpened() throws Exception {
    Path dir = dir();
    RestorableChain before;
    try (CatalogStore store = CatalogStore.open(dir)) {
      write(store, history(), 1);
      before = new CatalogQueries(store).latestRestorable("zk", "us-east");
      // What a database written before the index existed looks like: no entries, no marker.
      try (CatalogTxn txn = store.begin()) {
        for (Backup b : history()) {
          txn.delete(Table.FULL_BACKUPS_BY_ZXID, IndexKeys.backupByZxid("zk", b.toZxid(), b.id()));
        }
        txn.delete(Table.META, IndexBackfill.FULL_BY_ZXID_BUILT);
        txn.commit(1, 2);
      }
      assertNull(new CatalogQueries(store).latestRestorable("zk", "us-east"));
    }
    try (CatalogStore store = CatalogStore.open(dir)) {
      assertNotNull(store.getRaw(Table.META, IndexBackfill.FULL_BY_ZXID_BUILT));
      assertEquals(before, new CatalogQueries(store).latestRestorable("zk", "us-east"));
      List<String> fulls = new ArrayList<>();
      store.scan(
          Table.FULL_BACKUPS_BY_ZXID,
          null,
          null,
          false,
          (k, v) -> fulls.add(IndexKeys.idAfterNumber(k, IndexKeys.ensemblePrefix("zk").length)));
      assertEquals(List.of("full-1", "full-2"), fulls);
      // Opening again builds nothing more.
      assertEquals(0, IndexBackfill.run(store));
    }
  }
}
