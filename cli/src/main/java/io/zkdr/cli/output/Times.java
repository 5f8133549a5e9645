package io.zkdr.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as operators read them: UTC ISO-8601 and relative to now. */
public final class Times {
  private Times() {}

  /** {@code 2026-11-23T22:18:38Z (5m ago)}; empty for null. */
  public static String withRelative(Instant t, Instant now) {
    if (t == null) {
      return "";
    }
    return t.truncatedTo(ChronoUnit.SECONDS) + " (" + relative(t, now) + ")";
  }

  /** {@code 5m ago}, {@code in 2h}, {@code just now}. */
  public static String relative(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    boolean future = d.isNegative();
    String amount = human(d.abs());
    if (amount == null) {
      return "just now";
    }
    return future ? "in " + amount : amount + " ago";
  }

  /** {@code 3d4h}, {@code 2h5m}, {@code 42s}; null below one second. */
  public static String human(Duration d) {
    long s = d.getSeconds();
    if (s < 1) {
      return null;
    }
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (s < 86400) {
      return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
    }
    return (s / 86400) + "d" + ((s % 86400) / 3600 == 0 ? "" : ((s % 86400) / 3600) + "h");
  }
}
