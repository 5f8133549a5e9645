package io.zkdr.cli.output;

/** Byte counts as people read them. */
public final class Bytes {
  private Bytes() {}

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 GiB}. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
