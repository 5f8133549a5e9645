package io.zkdr.controller.catalog;

import io.zkdr.model.RestorableChain;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers of "latest restorable point" per ensemble and region, kept until a backup of the ensemble
 * changes ({@link BackupVersions}). The answer is read far more often (restore tooling, dashboards,
 * drills) than an ensemble gets a backup, and computing it reads every increment after the newest
 * full backup: some hundred index entries for a day of 15-minute increments.
 */
final class LatestChainCache {
  /** Bound on entries; past it the cache starts over (names of ensembles that do not exist too). */
  static final int MAX_ENTRIES = 100_000;

  private record Key(String ensemble, String region) {}

  private record Entry(long stamp, Optional<RestorableChain> chain) {}

  private final BackupVersions versions;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

  LatestChainCache(BackupVersions versions) {
    this.versions = versions;
  }

  /**
   * The cached answer if the ensemble's backups are unchanged since it was computed, without
   * touching the database: empty when the answer is "no chain"; null when it is not known.
   */
  Optional<RestorableChain> peek(String ensemble, String region) {
    long stamp = versions.stamp(ensemble);
    Entry e = entries.get(new Key(ensemble, region));
    return e != null && e.stamp() == stamp ? e.chain() : null;
  }

  /** The cached answer if the ensemble's backups are unchanged since; else computes it. */
  RestorableChain get(String ensemble, String region, Supplier<RestorableChain> compute) {
    Key key = new Key(ensemble, region);
    // Taken before computing: what is computed is at least as new as the stamp says.
    long stamp = versions.stamp(ensemble);
    Entry e = entries.get(key);
    if (e != null && e.stamp() == stamp) {
      return e.chain().orElse(null);
    }
    RestorableChain chain = compute.get();
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry(stamp, Optional.ofNullable(chain)));
    return chain;
  }
}
