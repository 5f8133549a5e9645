package io.zkdr.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Several tables printed one after another, each under a heading, for the {@code describe} and
 * {@code status} views. Empty tables print a short note instead.
 */
public final class Sections {
  private record Section(String title, Table table, String whenEmpty) {}

  private final List<Section> sections = new ArrayList<>();

  /** Adds a section; {@code title} null prints the table without a heading. */
  public Sections add(String title, Table table, String whenEmpty) {
    sections.add(new Section(title, table, whenEmpty));
    return this;
  }

  /** Prints every section within {@code width} columns. */
  public void print(PrintWriter out, int width) {
    boolean first = true;
    for (Section s : sections) {
      if (!first) {
        out.println();
      }
      first = false;
      if (s.title() != null) {
        out.println(s.title());
      }
      if (s.table().size() == 0) {
        out.println("  " + s.whenEmpty());
      } else {
        s.table().print(out, width);
      }
    }
    out.flush();
  }
}
