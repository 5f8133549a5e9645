package io.zkdr.cli.offline;

import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.output.Table;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.txnlog.LogCheckReport;
import io.zkdr.zk.txnlog.LogProblem;
import io.zkdr.zk.txnlog.TxnLogValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zkdr log ...}: ZooKeeper transaction logs on disk. */
@Command(
    name = "log",
    description = "Check ZooKeeper transaction logs on disk.",
    subcommands = {LogCommand.Check.class})
public class LogCommand {

  /**
   * {@code zkdr log check}: the validation report. Exit 0 when clean (warnings allowed), 4 when it
   * found errors.
   */
  @Command(
      name = "check",
      description = {
        "Validate transaction logs: checksums, zxid continuity (epoch changes are legal),",
        "timestamps, transaction types, and the tail of a live log.",
        "Exits 0 when no error was found, 4 when one was."
      })
  static class Check implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOption output;

    @Parameters(
        paramLabel = "DIR_OR_FILE",
        description = "A log.<zxid> file, a version-2 directory, or a data dir holding one.")
    Path target;

    @Option(
        names = "--time-tolerance",
        defaultValue = "PT1S",
        description =
            "Clock steps backwards up to this long are warnings, longer ones errors"
                + " (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration tolerance;

    @Override
    public Integer call() throws IOException {
      if (!Files.exists(target)) {
        throw new CliException(ExitCode.NOT_FOUND, "no such file or directory: " + target);
      }
      LogCheckReport report = new TxnLogValidator(tolerance).validate(target);
      PrintWriter out = spec.commandLine().getOut();
      output.printer(out).print(report, () -> table(report));
      if (output.isTable()) {
        out.println(summary(report));
        out.flush();
      }
      return report.errors().isEmpty() ? 0 : ExitCode.JOB_FAILED.code();
    }
  }

  static Table table(LogCheckReport report) {
    Table t = new Table("SEVERITY", "KIND", "FILE", "OFFSET", "ZXID", "MESSAGE");
    for (LogProblem p : report.problems()) {
      t.row(
          p.severity(),
          p.kind(),
          p.file() == null ? "" : p.file().getFileName(),
          p.offset() < 0 ? "" : p.offset(),
          p.zxid() < 0 ? "" : Zxid.hex(p.zxid()),
          p.message());
    }
    return t;
  }

  static String summary(LogCheckReport r) {
    return r.files()
        + " file(s), "
        + r.records()
        + " record(s), zxids "
        + (r.firstZxid() < 0 ? "-" : Zxid.hex(r.firstZxid()))
        + ".."
        + (r.lastZxid() < 0 ? "-" : Zxid.hex(r.lastZxid()))
        + ": "
        + r.errors().size()
        + " error(s), "
        + r.warnings().size()
        + " warning(s)";
  }
}
