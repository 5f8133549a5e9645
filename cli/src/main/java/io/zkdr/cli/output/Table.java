package io.zkdr.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table that fits a terminal: columns are as wide as their widest cell, and when the
 * row is too wide the widest column is cut (with an ellipsis) until it fits.
 */
public final class Table {
  private static final int MIN_COLUMN = 8;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row; null cells print as empty. */
  public Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    List<String> r = new ArrayList<>(cells.length);
    for (Object c : cells) {
      r.add(c == null ? "" : String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  public int size() {
    return rows.size();
  }

  /** Prints the table within {@code maxWidth} columns; an empty table prints nothing. */
  public void print(PrintWriter out, int maxWidth) {
    if (rows.isEmpty()) {
      return;
    }
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    shrinkToFit(widths, maxWidth);
    printRow(out, headers, widths);
    for (List<String> r : rows) {
      printRow(out, r, widths);
    }
    out.flush();
  }

  private static void shrinkToFit(int[] widths, int maxWidth) {
    int gaps = 2 * (widths.length - 1);
    while (Arrays.stream(widths).sum() + gaps > maxWidth) {
      int widest = 0;
      for (int i = 1; i < widths.length; i++) {
        if (widths[i] > widths[widest]) {
          widest = i;
        }
      }
      if (widths[widest] <= MIN_COLUMN) {
        return;
      }
      widths[widest]--;
    }
  }

  private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      if (cell.length() > widths[i]) {
        cell = cell.substring(0, widths[i] - 1) + "…";
      }
      line.append(cell);
      if (i < widths.length - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.println(line.toString().stripTrailing());
  }

  /**
   * The width to fit: {@code COLUMNS} when set; no limit when stdout is not a terminal (so piped
   * output is never cut); else the terminal's width as {@code stty} reports it, or 120.
   */
  public static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    if (columns != null) {
      try {
        return Math.max(40, Integer.parseInt(columns.trim()));
      } catch (NumberFormatException ignored) {
        // fall through
      }
    }
    if (System.console() == null) {
      return Integer.MAX_VALUE;
    }
    Integer stty = sttyColumns();
    return stty != null ? Math.max(40, stty) : 120;
  }

  /** {@code stty size} on the controlling terminal: "rows columns". */
  private static Integer sttyColumns() {
    try {
      Process p =
          new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
      String answer;
      try (var in = p.getInputStream()) {
        answer = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
      }
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return null;
      }
      String[] parts = answer.split("\\s+");
      return parts.length == 2 ? Integer.parseInt(parts[1]) : null;
    } catch (java.io.IOException | NumberFormatException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
