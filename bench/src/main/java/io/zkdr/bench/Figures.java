package io.zkdr.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints benchmark figures, one per line: {@code name value unit}. */
public final class Figures {
  private final PrintStream out;

  public Figures(PrintStream out) {
    this.out = out;
  }

  /** Prints one figure. */
  public void report(String name, double value, String unit) {
    out.println(String.format(Locale.ROOT, "%s %.3f %s", name, value, unit));
    out.flush();
  }

  /** Prints one figure that is a count. */
  public void report(String name, long value, String unit) {
    out.println(name + " " + value + " " + unit);
    out.flush();
  }

  /** Megabytes (10^6 bytes) per second. */
  public static double mbPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }
}
