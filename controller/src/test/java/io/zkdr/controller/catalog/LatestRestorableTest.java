package io.zkdr.controller.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** "Latest restorable": the index of FULL backups it starts from, its build on open, its cache. */
class LatestRestorableTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Path dir() {
    return Path.of(
        System.getProperty("zkdr.test.tmp", "target/test-tmp"), "full-index-" + UUID.randomUUID());
  }

  private static Backup backup(String id, BackupKind kind, long from, long to, String... regions) {
    return backup("zk", id, kind, from, to, regions);
  }

  private static Backup backup(
      String ensemble, String id, BackupKind kind, long from, long to, String... regions) {
    Map<String, BackupCopy> copies = new java.util.TreeMap<>();
    for (String r : regions) {
      copies.put(r, new BackupCopy(r, "s3://bk/" + id, "ab".repeat(32), null));
    }
    return new Backup(
        id, ensemble, kind, from, to, T0.plusSeconds(to), null, 1, null, null, copies, List.of());
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

  @Test
  void theCachedAnswerFollowsEveryChangeOfTheEnsemblesBackups() throws Exception {
    Path dir = dir();
    try (CatalogStore store = CatalogStore.open(dir)) {
      write(store, history(), 1);
      CatalogQueries q = new CatalogQueries(store);
      assertEquals("inc-2b", q.latestRestorable("zk", "us-east").lastBackupId());
      assertEquals("full-1", q.latestRestorable("zk", "eu-west").fullBackupId());
      Path checkpoint = dir.resolveSibling(dir.getFileName() + "-checkpoint");
      store.checkpoint(checkpoint);

      long before = store.backupVersions().stamp("zk");
      write(store, List.of(backup("inc-2c", BackupKind.INCREMENTAL, 0x50, 0x60, "us-east")), 2);
      assertTrue(store.backupVersions().stamp("zk") > before);
      assertEquals("inc-2c", q.latestRestorable("zk", "us-east").lastBackupId());

      // A new copy is a change too: with full-2 and inc-2a copied, eu-west has the newer chain.
      try (CatalogTxn txn = store.begin()) {
        for (Backup b : List.of(history().get(3), history().get(4))) {
          IndexKeys.putBackup(
              txn,
              b.withCopy(new BackupCopy("eu-west", "s3://eu/" + b.id(), "cd".repeat(32), null)));
        }
        txn.commit(1, 3);
      }
      assertEquals(
          new RestorableChain("full-2", "inc-2b", new ZxidRange(0x30, 0x50), List.of()),
          q.latestRestorable("zk", "eu-west"));

      // Another ensemble's backups leave this one's stamp alone.
      long stamp = store.backupVersions().stamp("zk");
      write(store, List.of(backup("zk-2", "other-full", BackupKind.FULL, 0x5, 0x5, "us-east")), 4);
      assertEquals(stamp, store.backupVersions().stamp("zk"));

      // A snapshot install replaces everything, answers included.
      store.replaceWith(checkpoint);
      assertEquals("inc-2b", q.latestRestorable("zk", "us-east").lastBackupId());
      assertEquals("full-1", q.latestRestorable("zk", "eu-west").fullBackupId());
    }
  }

  @Test
  void anAnswerIsComputedOncePerChange() {
    BackupVersions versions = new BackupVersions();
    LatestChainCache cache = new LatestChainCache(versions);
    AtomicInteger computed = new AtomicInteger();
    RestorableChain chain = new RestorableChain("f", "i", new ZxidRange(1, 2), List.of());
    Supplier<RestorableChain> compute =
        () -> {
          computed.incrementAndGet();
          return chain;
        };
    assertEquals(chain, cache.get("zk", "us-east", compute));
    assertEquals(chain, cache.get("zk", "us-east", compute));
    assertEquals(1, computed.get());
    cache.get("zk", "eu-west", compute);
    assertEquals(2, computed.get(), "each region has its own answer");
    assertNull(cache.get("none", null, () -> null));
    assertNull(cache.get("none", null, compute), "no chain is an answer too");
    versions.changed(List.of("other"));
    cache.get("zk", "us-east", compute);
    assertEquals(2, computed.get());
    versions.changed(List.of("zk"));
    cache.get("zk", "us-east", compute);
    assertEquals(3, computed.get());
    versions.replaced();
    cache.get("zk", "eu-west", compute);
    assertEquals(4, computed.get());
  }
}
