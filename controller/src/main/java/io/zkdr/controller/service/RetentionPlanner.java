package io.zkdr.controller.service;

import io.zkdr.controller.catalog.ZxidIndexEntry;
import io.zkdr.model.BackupKind;
import io.zkdr.model.RetentionRule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Decides which backups of one ensemble retention removes. Works on chains (a full backup and the
 * increments after it, up to the next full): a chain is kept whole or pruned whole. Kept are the
 * chains whose full is the newest of one of the last {@code keepDaily} days, {@code keepWeekly} ISO
 * weeks or {@code keepMonthly} months (UTC) that have a full backup; the newest chain in every
 * region and overall; and every chain holding a backup a running restore uses. Increments older
 * than the first full belong to no chain and are kept.
 */
final class RetentionPlanner {
  private RetentionPlanner() {}

  /** A backup as retention sees it. */
  record Item(ZxidIndexEntry entry, Instant createdAt) {}

  /**
   * The backups to prune.
   *
   * @param byZxid the ensemble's backups sorted by toZxid
   * @param rule the retention rule
   * @param inUse ids of backups a pending or running restore uses
   */
  static List<Item> prune(List<Item> byZxid, RetentionRule rule, Set<String> inUse) {
    List<List<Item>> chains = new ArrayList<>();
    for (Item it : byZxid) {
      if (it.entry().kind() == BackupKind.FULL) {
        chains.add(new ArrayList<>(List.of(it)));
      } else if (!chains.isEmpty()) {
        chains.get(chains.size() - 1).add(it);
      }
    }
    if (chains.isEmpty()) {
      return List.of();
    }
    Set<Item> keptFulls = new HashSet<>();
    List<Item> fulls = chains.stream().map(c -> c.get(0)).toList();
    keptFulls.addAll(newestPerPeriod(fulls, rule.keepDaily(), i -> day(i)));
    keptFulls.addAll(newestPerPeriod(fulls, rule.keepWeekly(), i -> week(i)));
    keptFulls.addAll(newestPerPeriod(fulls, rule.keepMonthly(), i -> month(i)));
    keptFulls.add(fulls.get(fulls.size() - 1));
    Set<String> regions = new HashSet<>();
    fulls.forEach(f -> regions.addAll(f.entry().regions()));
    for (String region : regions) {
      for (int i = fulls.size() - 1; i >= 0; i--) {
        if (fulls.get(i).entry().availableIn(region)) {
          keptFulls.add(fulls.get(i));
          break;
        }
      }
    }
    List<Item> prune = new ArrayList<>();
    for (List<Item> chain : chains) {
      boolean used = chain.stream().anyMatch(i -> inUse.contains(i.entry().id()));
      if (!used && !keptFulls.contains(chain.get(0))) {
        prune.addAll(chain);
      }
    }
    return prune;
  }

  private static List<Item> newestPerPeriod(
      List<Item> fulls, int periods, Function<Item, Object> period) {
    if (periods <= 0) {
      return List.of();
    }
    // newest full of each period, newest period first
    Map<Object, Item> newest = new LinkedHashMap<>();
    TreeMap<Instant, Item> byTime = new TreeMap<>();
    fulls.forEach(f -> byTime.put(f.createdAt(), f));
    for (Item f : byTime.descendingMap().values()) {
      newest.putIfAbsent(period.apply(f), f);
    }
    return newest.values().stream().limit(periods).toList();
  }

  private static Object day(Item i) {
    return LocalDate.ofInstant(i.createdAt(), ZoneOffset.UTC);
  }

  private static Object week(Item i) {
    LocalDate d = LocalDate.ofInstant(i.createdAt(), ZoneOffset.UTC);
    return d.get(IsoFields.WEEK_BASED_YEAR) * 100 + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
  }

  private static Object month(Item i) {
    return YearMonth.from(LocalDate.ofInstant(i.createdAt(), ZoneOffset.UTC));
  }
}
