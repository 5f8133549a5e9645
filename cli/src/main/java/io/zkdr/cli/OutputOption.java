package io.zkdr.cli;

import io.zkdr.cli.output.OutputFormat;
import io.zkdr.cli.output.Printer;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code -o table|json|yaml} option every read command mixes in. */
public class OutputOption {
  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      converter = OutputOption.FormatConverter.class,
      description = "Output format: table, json or yaml (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.TABLE;

  /** Whether the output is the human table (summaries and hints are printed only then). */
  public boolean isTable() {
    return format == OutputFormat.TABLE;
  }

  public Printer printer(PrintWriter out) {
    return new Printer(out, format);
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not an output format (use table, json or yaml)");
      }
    }
  }
}
