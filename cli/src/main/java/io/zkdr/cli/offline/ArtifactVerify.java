package io.zkdr.cli.offline;

import io.zkdr.backup.BackupVerifier;
import io.zkdr.backup.VerificationReport;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.output.Table;
import io.zkdr.zk.admin.FourLetterWords;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zkdr artifact verify FULL [INCR...]}: checksums, a full load and replay with every txn
 * digest, the manifest digest, and optionally a live server's digest history. Exit 0 when every
 * check passed, 4 otherwise.
 */
@Command(
    name = "verify",
    description = {
      "Prove a backup: every chunk's CRC32C and the SHA-256, a full load and replay checking",
      "ZooKeeper's digest after every txn, the manifest's digest, and with --server the digests",
      "a live server reports (hash) for the zxids both know. Exits 0 if all passed, 4 if not."
    })
class ArtifactVerify implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin OutputOption output;

  @Parameters(index = "0", paramLabel = "FULL", description = "The FULL artifact.")
  String full;

  @Parameters(
      index = "1..*",
      paramLabel = "INCR",
      description = "INCREMENTAL artifacts after it, in any order.")
  List<String> increments = List.of();

  @Option(
      names = "--server",
      paramLabel = "HOST:PORT",
      description = "A live member's client port: compare with its digest history (4lw hash).")
  String server;

  @Override
  public Integer call() throws IOException {
    NavigableMap<Long, Long> live = server == null ? null : liveDigests(server);
    VerificationReport report;
    try (ArtifactChain chain = ArtifactChain.open(full, increments)) {
      report = BackupVerifier.verify(chain.store(), chain.chain(), live);
    }
    PrintWriter out = spec.commandLine().getOut();
    output.printer(out).print(report, () -> table(report));
    return report.passed() ? 0 : ExitCode.JOB_FAILED.code();
  }

  private static NavigableMap<Long, Long> liveDigests(String hostPort) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      port = -1;
    }
    if (colon <= 0 || port <= 0 || port > 65535) {
      throw new CliException(ExitCode.USAGE, "--server must be host:port, got '" + hostPort + "'");
    }
    return FourLetterWords.hash(hostPort.substring(0, colon), port, Duration.ofSeconds(10));
  }

  static Table table(VerificationReport report) {
    Table t = new Table("CHECK", "STATUS", "DETAIL");
    for (VerificationReport.Check c : report.checks()) {
      t.row(c.name(), c.status(), c.detail());
    }
    return t;
  }
}
