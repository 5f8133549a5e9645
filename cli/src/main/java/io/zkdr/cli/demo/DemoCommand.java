package io.zkdr.cli.demo;

import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code zkdr demo}: a whole three-region deployment on this machine. Exit 0 when, at the end of
 * {@code --duration}, the catalog shows FULL and INCREMENTAL backups copied to all three regions
 * and verified; 4 when something is missing; 1 when a part of the demo failed.
 */
@Command(
    name = "demo",
    description = {
      "Run three controllers (us-east, eu-west, ap-south), an agent per region, a 3-member",
      "ZooKeeper ensemble managed by the us-east agent, file stores per region, a backup policy",
      "(FULL every minute, continuous increments, replicated and verified) and a write load,",
      "all as child processes of this one. Ctrl-C stops everything.",
      "With --duration it ends by itself: exit 0 when FULL and INCREMENTAL backups are in the",
      "catalog with copies in all three regions and verified, 4 (saying what is missing) if not."
    })
public class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description =
          "Stop after this long (90s, 5m, 1h or ISO-8601 PT90S); default: run until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--workdir",
      description = "Work dir for data, stores, configs and logs (default: a new temp dir).")
  Path workDir;

  @Option(
      names = "--refresh",
      converter = DurationConverter.class,
      defaultValue = "3s",
      description = "How often the summary is refreshed (default ${DEFAULT-VALUE}).")
  Duration refresh;

  @Option(
      names = "--write-rate",
      defaultValue = "20",
      description = "Load operations per second on the ensemble (default ${DEFAULT-VALUE}).")
  int writeRate;

  @Option(names = "--plain", description = "Print one line per refresh even on a terminal.")
  boolean plain;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (refresh.isNegative() || refresh.isZero()) {
      throw new CliException(ExitCode.USAGE, "--refresh must be positive");
    }
    if (writeRate < 1) {
      throw new CliException(ExitCode.USAGE, "--write-rate must be at least 1");
    }
    if (workDir != null && !isEmptyOrMissing(workDir)) {
      // A demo's catalog and Raft log name the ports of its run; a new run picks new ones.
      throw new CliException(
          ExitCode.USAGE,
          "--workdir " + workDir + " is not empty",
          "give a new or empty directory (or none, for a new temp dir)",
          null);
    }
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("zkdr-demo-");
    DemoLayout layout = DemoLayout.allocate(dir);
    out.println("zkdr demo: work dir " + layout.workDir());
    boolean terminal = !plain && System.console() != null;
    DemoRun run =
        new DemoRun(
            layout, out, terminal, refresh, writeRate, System.getProperty("java.class.path"));
    DemoSummary end;
    try {
      end = run.run(duration);
    } catch (DemoException e) {
      throw new CliException(
          ExitCode.FAILED,
          "demo failed: " + e.getMessage(),
          "logs of every process are in " + layout.logDir(),
          e);
    }
    List<String> missing = end.missing();
    out.println("work dir kept: " + layout.workDir());
    if (missing.isEmpty()) {
      out.println(
          "demo ok: FULL and INCREMENTAL backups are in the catalog, copied to "
              + end.regions()
              + " and verified");
      return ExitCode.OK.code();
    }
    err.println("zkdr: demo incomplete after " + duration.toSeconds() + " s:");
    missing.forEach(m -> err.println("  - " + m));
    err.println("  logs of every process are in " + layout.logDir());
    err.flush();
    return ExitCode.JOB_FAILED.code();
  }

  private static boolean isEmptyOrMissing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Reads {@code 90s}, {@code 5m}, {@code 1h}, {@code 250ms} or an ISO-8601 duration. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("p")) {
          return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new TypeConversionException(bad(value));
        };
      } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
        throw new TypeConversionException(bad(value));
      }
    }

    private static String bad(String value) {
      return "'" + value + "' is not a duration; use e.g. 90s, 5m, 1h or PT90S";
    }
  }
}
