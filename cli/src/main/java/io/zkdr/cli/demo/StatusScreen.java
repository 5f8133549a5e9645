package io.zkdr.cli.demo;

import io.zkdr.cli.output.Times;
import io.zkdr.json.ZxidJson;
import io.zkdr.model.Agent;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's live summary: on a terminal one screen redrawn in place, otherwise one plain line per
 * refresh so that logs and pipes stay readable.
 */
final class StatusScreen {
  private final PrintWriter out;
  private final boolean terminal;
  private final Instant started = Instant.now();
  private long lastWrites;
  private Instant lastAt = started;
  private double rate;
  private List<String> header = List.of();

  StatusScreen(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Lines repeated at the top of every redraw on a terminal (where everything is). */
  void header(List<String> lines) {
    this.header = List.copyOf(lines);
  }

  /** Shows {@code s}; {@code writes} and {@code liveZxid} come from the write load. */
  void show(DemoSummary s, long writes, long writeErrors, long liveZxid) {
    Instant now = Instant.now();
    double seconds = Duration.between(lastAt, now).toMillis() / 1000.0;
    // A refresh right after the previous one (the final one) keeps the last rate.
    if (seconds >= 1) {
      rate = (writes - lastWrites) / seconds;
      lastWrites = writes;
      lastAt = now;
    }
    if (terminal) {
      out.print("\033[H\033[2J");
      header.forEach(out::println);
      lines(s, rate, writes, writeErrors, liveZxid, now).forEach(out::println);
    } else {
      out.println(line(s, rate, liveZxid, now));
    }
    out.flush();
  }

  /** Shows a line of progress while the demo starts. */
  void phase(String message) {
    out.println("[" + elapsed(Instant.now()) + "] " + message);
    out.flush();
  }

  private List<String> lines(
      DemoSummary s, double rate, long writes, long errors, long liveZxid, Instant now) {
    List<String> l = new ArrayList<>();
    l.add("zkdr demo  (" + elapsed(now) + " elapsed; Ctrl-C stops everything)");
    l.add("");
    l.add("  raft leader      " + (s.leader() == null ? "(none)" : s.leader()));
    l.add("  agents           " + agents(s, now));
    l.add(
        "  last FULL        "
            + s.lastFull().map(b -> describe(b, now)).orElse("(none yet; one every minute)"));
    l.add(
        "  increments       "
            + s.count(BackupKind.INCREMENTAL)
            + s.lastIncrement().map(b -> ", newest " + describe(b, now)).orElse(""));
    l.add("  copies by region " + copies(s.copiesByRegion()));
    l.add("  verified         " + s.verified() + " of " + s.backups().size() + " backups");
    l.add("  shipping lag     " + lag(s, liveZxid, now));
    l.add(
        String.format(
            "  write load       %.0f writes/s (%d writes, %d errors)", rate, writes, errors));
    List<String> missing = s.missing();
    l.add("");
    l.add(
        missing.isEmpty()
            ? "  all there: FULL and INCREMENTAL backups copied to every region and verified"
            : "  still to come: " + String.join("; ", missing));
    return l;
  }

  private String line(DemoSummary s, double rate, long liveZxid, Instant now) {
    return String.format(
        "[%s] leader=%s agents=%d full=%d incr=%d copies=%s verified=%d lag=%s load=%.0f/s",
        elapsed(now),
        s.leader(),
        s.agents().size(),
        s.count(BackupKind.FULL),
        s.count(BackupKind.INCREMENTAL),
        copies(s.copiesByRegion()).replace(" ", ""),
        s.verified(),
        lag(s, liveZxid, now).replace(" ", ""),
        rate);
  }

  private static String agents(DemoSummary s, Instant now) {
    if (s.agents().isEmpty()) {
      return "(none registered yet)";
    }
    return s.agents().stream()
        .map(
            (Agent a) ->
                a.id()
                    + " "
                    + (a.health() == null ? "UNKNOWN" : a.health().status())
                    + (a.lastHeartbeat() == null
                        ? ""
                        : " " + Duration.between(a.lastHeartbeat(), now).toSeconds() + "s"))
        .collect(Collectors.joining(", "));
  }

  private static String describe(Backup b, Instant now) {
    return ZxidJson.format(b.toZxid())
        + " "
        + (b.createdAt() == null ? "" : Times.relative(b.createdAt(), now))
        + " in "
        + b.copies().keySet()
        + (b.verified() ? ", verified" : "");
  }

  private static String copies(Map<String, Long> byRegion) {
    return byRegion.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  private static String lag(DemoSummary s, long liveZxid, Instant now) {
    long shipped = s.shippedZxid();
    if (shipped == 0) {
      return "(nothing shipped yet)";
    }
    String age =
        s.backups().stream()
            .map(Backup::createdAt)
            .filter(t -> t != null)
            .max(Instant::compareTo)
            .map(t -> Duration.between(t, now).toSeconds() + " s since the newest backup")
            .orElse("");
    // Zxids of one epoch count transactions; across epochs the difference means nothing.
    boolean sameEpoch = (liveZxid >>> 32) == (shipped >>> 32);
    String behind =
        liveZxid == 0 || !sameEpoch ? "" : Math.max(0, liveZxid - shipped) + " txns behind, ";
    return behind + age;
  }

  private String elapsed(Instant now) {
    long s = Duration.between(started, now).toSeconds();
    return String.format("%d:%02d", s / 60, s % 60);
  }
}
