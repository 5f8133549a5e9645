package io.zkdr.cli.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the YAML files operators hand to the CLI ({@code -f ensemble.yaml}, {@code -f
 * policy.yaml}). Unknown keys are errors, and every error names the file and the key at fault
 * ({@code policy.yaml: retention.keepDaly: unknown key}).
 */
public final class YamlFiles {
  private YamlFiles() {}

  /** A YAML mapper with the API's settings that also accepts enum values in any case. */
  public static ObjectMapper mapper() {
    ObjectMapper m = JsonMapperFactory.newYamlMapper();
    m.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
    return m;
  }

  /** Reads {@code file} as {@code type} with {@link #mapper()}. */
  public static <T> T read(Path file, Class<T> type) {
    return read(mapper(), file, type);
  }

  /**
   * Reads {@code file} as {@code type}.
   *
   * @throws CliException not found (3) when the file is missing, usage (2) when it is not valid
   */
  public static <T> T read(ObjectMapper yaml, Path file, Class<T> type) {
    try (InputStream in = Files.newInputStream(file)) {
      return yaml.readValue(in, type);
    } catch (NoSuchFileException e) {
      throw new CliException(
          ExitCode.NOT_FOUND, file + ": no such file", "check the path given with -f", e);
    } catch (JsonProcessingException e) {
      throw new CliException(
          ExitCode.USAGE, file + ": " + describe(e), "fix the file and run the command again", e);
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILED, file + ": cannot read: " + e.getMessage(), null, e);
    }
  }

  /**
   * Converts a tree read from {@code file} to {@code type}, with errors that name the file and key.
   */
  public static <T> T convert(
      Path file, com.fasterxml.jackson.databind.JsonNode tree, Class<T> type) {
    try {
      return mapper().treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new CliException(
          ExitCode.USAGE, file + ": " + describe(e), "fix the file and run the command again", e);
    }
  }

  /**
   * {@code key.path: what is wrong} for a mapping error, {@code line N: ...} for a syntax error.
   */
  static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return keyPath(u) + ": unknown key (known keys: " + u.getKnownPropertyIds() + ")";
    }
    if (e instanceof InvalidFormatException f) {
      return keyPath(f)
          + ": '"
          + f.getValue()
          + "' is not a valid "
          + f.getTargetType().getSimpleName()
          + enumValues(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      return keyPath(m) + ": " + firstLine(m.getOriginalMessage());
    }
    JsonLocation loc = e.getLocation();
    String where = loc == null ? "" : "line " + loc.getLineNr() + ": ";
    return where + firstLine(e.getOriginalMessage());
  }

  private static String enumValues(Class<?> type) {
    if (!type.isEnum()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (one of");
    for (Object c : type.getEnumConstants()) {
      sb.append(' ').append(c.toString().toLowerCase(java.util.Locale.ROOT));
    }
    return sb.append(')').toString();
  }

  /** {@code members[0].role}: the key path of a mapping error. */
  static String keyPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(top level)" : sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
