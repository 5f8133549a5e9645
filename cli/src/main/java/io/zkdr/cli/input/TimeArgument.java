package io.zkdr.cli.input;

import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time given on the command line: an ISO-8601 instant ({@code 2026-11-23T22:00:00Z}) or an age
 * ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}) counted back from now.
 */
public final class TimeArgument {
  private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

  private TimeArgument() {}

  /**
   * Parses {@code value} for the option {@code option}.
   *
   * @return null when {@code value} is null
   * @throws CliException (usage) naming the option
   */
  public static Instant parse(String option, String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    Matcher m = AGE.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(d);
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new CliException(
          ExitCode.USAGE,
          option + ": '" + value + "' is neither an ISO-8601 time nor an age",
          "use e.g. 2026-11-23T22:00:00Z, or 15m, 2h, 7d for that long ago",
          e);
    }
  }
}
