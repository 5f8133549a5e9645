package io.zkdr.cli.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the newest entries of a list the API serves oldest first with {@code from}/{@code to}
 * ({@code [from, to)}) time filters: backups, the audit trail. Continuous shipping and heartbeats
 * make these lists long, so it reads backwards in growing windows until it has enough or passes the
 * oldest entry.
 *
 * @param <T> the entry type
 */
public final class NewestFirst<T> {
  private static final Duration FIRST_WINDOW = Duration.ofMinutes(30);
  private static final int WINDOW_CAP = 20_000;

  private final ControllerClient client;
  private final String path;
  private final Class<T> type;
  private final Function<T, Instant> time;

  /**
   * @param path the list path without a query string
   * @param time an entry's time, as the API filters it
   */
  public NewestFirst(
      ControllerClient client, String path, Class<T> type, Function<T, Instant> time) {
    this.client = client;
    this.path = path;
    this.type = type;
    this.time = time;
  }

  /**
   * Up to {@code limit} entries in {@code [since, until)} that {@code filter} accepts, newest
   * first.
   */
  public List<T> read(Predicate<T> filter, Instant since, Instant until, int limit, Instant now) {
    List<T> oldest = client.list(path, 1, type);
    if (oldest.isEmpty() || limit <= 0) {
      return List.of();
    }
    Instant floor = time.apply(oldest.get(0));
    if (since != null && since.isAfter(floor)) {
      floor = since;
    }
    Instant end = until != null ? until : now.plus(Duration.ofDays(1));
    // Windows are disjoint ([start, end) and then [earlier, start)), so nothing is read twice.
    List<T> found = new ArrayList<>();
    Duration window = FIRST_WINDOW;
    while (found.size() < limit && end.isAfter(floor)) {
      Instant start = end.minus(window);
      if (start.isBefore(floor)) {
        start = floor;
      }
      List<T> page =
          new ArrayList<>(client.list(path + "?from=" + start + "&to=" + end, WINDOW_CAP, type));
      page.sort(Comparator.comparing(time).reversed());
      for (T t : page) {
        if (found.size() < limit && filter.test(t)) {
          found.add(t);
        }
      }
      end = start;
      window = window.multipliedBy(4);
    }
    return found;
  }
}
