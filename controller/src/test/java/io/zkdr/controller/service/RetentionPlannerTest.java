package io.zkdr.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkdr.controller.catalog.ZxidIndexEntry;
import io.zkdr.model.BackupKind;
import io.zkdr.model.RetentionRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T02:00:00Z");

  /** A full backup every day for {@code days} days, each followed by two increments. */
  private static List<RetentionPlanner.Item> dailyChains(int days, String region) {
    List<RetentionPlanner.Item> out = new ArrayList<>();
    long z = 100;
    for (int d = 0; d < days; d++) {
      Instant at = T0.plus(Duration.ofDays(d));
      out.add(item("full-" + d, BackupKind.FULL, z, z, at, region));
      out.add(
          item("inc-" + d + "a", BackupKind.INCREMENTAL, z, z + 5, at.plusSeconds(600), region));
      out.add(
          item(
              "inc-" + d + "b",
              BackupKind.INCREMENTAL,
              z + 5,
              z + 10,
              at.plusSeconds(1200),
              region));
      z += 10;
    }
    return out;
  }

  private static RetentionPlanner.Item item(
      String id, BackupKind kind, long from, long to, Instant at, String region) {
    return new RetentionPlanner.Item(
        new ZxidIndexEntry(id, kind, from, to, new TreeSet<>(Set.of(region))), at);
  }

  private static Set<String> ids(List<RetentionPlanner.Item> items) {
    Set<String> s = new TreeSet<>();
    items.forEach(i -> s.add(i.entry().id()));
    return s;
  }

  @Test
  void keepsTheNewestDailyChainsAndPrunesOlderOnesWhole() {
    List<RetentionPlanner.Item> items = dailyChains(10, "us-east");
    Set<String> pruned = ids(RetentionPlanner.prune(items, new RetentionRule(7, 0, 0), Set.of()));
    assertEquals(
        Set.of(
            "full-0", "inc-0a", "inc-0b", "full-1", "inc-1a", "inc-1b", "full-2", "inc-2a",
            "inc-2b"),
        pruned);
  }

  @Test
  void weeklyAndMonthlyRulesKeepOneFullPerPeriod() {
    List<RetentionPlanner.Item> items = dailyChains(40, "us-east");
    Set<String> pruned = ids(RetentionPlanner.prune(items, new RetentionRule(1, 2, 2), Set.of()));
    // kept: newest (day 39), newest of the last two ISO weeks, newest of Jan and Feb
    Set<String> keptFulls = new TreeSet<>();
    for (int d = 0; d < 40; d++) {
      if (!pruned.contains("full-" + d)) {
        keptFulls.add("full-" + d);
      }
    }
    // 2026-01-01 is a Thursday; day 39 = Feb 9 (Mon, week 7); week 6 ends Sun Feb 8 = day 38;
    // January's newest is day 30
    assertEquals(Set.of("full-39", "full-38", "full-30"), keptFulls);
  }

  @Test
  void neverPrunesTheNewestChainOrWhatARestoreUses() {
    List<RetentionPlanner.Item> items = dailyChains(5, "us-east");
    Set<String> pruned =
        ids(RetentionPlanner.prune(items, new RetentionRule(0, 0, 0), Set.of("inc-1b")));
    assertEquals(
        Set.of(
            "full-0", "inc-0a", "inc-0b", "full-2", "inc-2a", "inc-2b", "full-3", "inc-3a",
            "inc-3b"),
        pruned);
  }

  @Test
  void keepsTheNewestChainOfEveryRegion() {
    List<RetentionPlanner.Item> items = new ArrayList<>(dailyChains(3, "us-east"));
    items.add(0, item("eu-full", BackupKind.FULL, 50, 50, T0.minusSeconds(86400), "eu-west"));
    Set<String> pruned = ids(RetentionPlanner.prune(items, new RetentionRule(1, 0, 0), Set.of()));
    assertEquals(Set.of("full-0", "inc-0a", "inc-0b", "full-1", "inc-1a", "inc-1b"), pruned);
  }
}
