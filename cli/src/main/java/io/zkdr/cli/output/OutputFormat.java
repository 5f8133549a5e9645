package io.zkdr.cli.output;

/** How a read command prints its result ({@code -o}). */
public enum OutputFormat {
  TABLE,
  JSON,
  YAML;
}
