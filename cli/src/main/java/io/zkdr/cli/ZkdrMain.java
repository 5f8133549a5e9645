package io.zkdr.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code zkdr} command line. */
public final class ZkdrMain {
  private ZkdrMain() {}

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line and returns the exit status (see {@link ExitCode}). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new ZkdrCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(ZkdrMain::exitCodeOf);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean verbose = false;
          // --verbose is inherited: it may have been given after any subcommand.
          for (CommandLine.ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            verbose |= pr.hasMatchedOption("--verbose");
          }
          report(commandLine.getErr(), ex, verbose);
          return exitCodeOf(ex);
        });
    cl.setParameterExceptionHandler(
        (ex, args1) -> {
          PrintWriter e = ex.getCommandLine().getErr();
          e.println("zkdr: " + ex.getMessage());
          e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.USAGE.code();
        });
    return cl.execute(args);
  }

  private static void report(PrintWriter err, Throwable ex, boolean verbose) {
    String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    err.println("zkdr: " + message);
    if (ex instanceof CliException cli && cli.hint() != null) {
      err.println("  " + cli.hint());
    }
    if (verbose) {
      ex.printStackTrace(err);
    } else if (exitCodeOf(ex) == ExitCode.FAILED.code()) {
      err.println("  (run with --verbose for details)");
    }
    err.flush();
  }

  private static int exitCodeOf(Throwable ex) {
    if (ex instanceof CliException cli) {
      return cli.exitCode().code();
    }
    if (ex instanceof java.nio.file.NoSuchFileException
        || ex instanceof io.zkdr.artifact.ArtifactIncompleteException) {
      return ExitCode.NOT_FOUND.code();
    }
    if (ex instanceof io.zkdr.artifact.ArtifactCorruptException
        || ex instanceof io.zkdr.backup.LogGapException) {
      return ExitCode.JOB_FAILED.code();
    }
    if (ex instanceof io.zkdr.zk.replay.ReplayException replay) {
      // A point the backups do not reach is "not found"; anything else means damaged data.
      return switch (replay.reason()) {
        case BEFORE_CONSISTENT, PAST_END, GAP -> ExitCode.NOT_FOUND.code();
        default -> ExitCode.JOB_FAILED.code();
      };
    }
    return ExitCode.FAILED.code();
  }
}
