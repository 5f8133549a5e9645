package io.zkdr.cli.output;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar with rate and ETA on stderr. It draws nothing when stdout is not a
 * terminal, so piped output and scripts stay clean.
 */
public final class ProgressBar implements AutoCloseable {
  private static final int BAR = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream err;
  private final String label;
  private final long total;
  private final boolean enabled;
  private final long started = System.nanoTime();
  private long lastDraw;
  private long done;

  public ProgressBar(String label, long totalBytes, boolean enabled, PrintStream err) {
    this.label = label;
    this.total = totalBytes;
    this.enabled = enabled;
    this.err = err;
  }

  /** A bar that draws only when the process has a terminal. */
  public static ProgressBar forTerminal(String label, long totalBytes) {
    return new ProgressBar(label, totalBytes, System.console() != null, System.err);
  }

  /** Adds progress; redraws at most five times a second. */
  public void advance(long bytes) {
    done += bytes;
    long now = System.nanoTime();
    if (enabled && now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      err.print("\r" + render(now));
      err.flush();
    }
  }

  String render(long nowNanos) {
    double seconds = Math.max(1e-3, (nowNanos - started) / 1e9);
    double rate = done / seconds;
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
    int filled = (int) Math.round(fraction * BAR);
    String eta =
        rate > 0 && total > done
            ? Times.human(Duration.ofSeconds((long) ((total - done) / rate)))
            : null;
    return String.format(
        "%s [%s%s] %3.0f%% %s/s ETA %s",
        label,
        "=".repeat(filled),
        " ".repeat(BAR - filled),
        fraction * 100,
        Bytes.human((long) rate),
        eta == null ? "-" : eta);
  }

  @Override
  public void close() {
    if (enabled) {
      err.print("\r" + render(System.nanoTime()) + "\n");
      err.flush();
    }
  }
}
