package io.zkdr.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** Prints a command's result as a table, JSON or YAML, as {@code -o} asks. */
public final class Printer {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final PrintWriter out;
  private final OutputFormat format;

  public Printer(PrintWriter out, OutputFormat format) {
    this.out = out;
    this.format = format;
  }

  public OutputFormat format() {
    return format;
  }

  /** Prints {@code value} as JSON/YAML, or the table {@code table} builds from it in table mode. */
  public void print(Object value, Supplier<Table> table) {
    try {
      switch (format) {
        case JSON -> out.println(JSON.writeValueAsString(value));
        case YAML -> out.print(YAML.writeValueAsString(value));
        case TABLE -> table.get().print(out, Table.terminalWidth());
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
    out.flush();
  }

  /** Prints {@code value} as JSON/YAML, or the sections {@code sections} builds in table mode. */
  public void printSections(Object value, Supplier<Sections> sections) {
    if (format == OutputFormat.TABLE) {
      sections.get().print(out, Table.terminalWidth());
    } else {
      print(value, () -> new Table());
    }
  }
}
