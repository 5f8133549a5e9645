package io.zkdr.cli.offline;

import io.zkdr.backup.ChainRestorer;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.replay.ReplayTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zkdr artifact restore}: writes a data dir that a stock ZooKeeper server loads, like {@code
 * etcdutl snapshot restore}. Run it once per member (same target, each member's myid).
 */
@Command(
    name = "restore",
    description = {
      "Write a ZooKeeper data dir holding the tree at a zxid or a time, from a FULL artifact",
      "and the increments after it. Run it for every member (each with its --myid) and start",
      "the servers. Sessions and ephemeral znodes are never restored."
    })
class ArtifactRestore implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FULL", description = "The FULL artifact.")
  String full;

  @Parameters(index = "1..*", paramLabel = "INCR", description = "INCREMENTAL artifacts after it.")
  List<String> increments = List.of();

  @ArgGroup(multiplicity = "1")
  Target target;

  static class Target {
    @Option(
        names = "--to-zxid",
        paramLabel = "ZXID",
        description = "Restore the state after this zxid (hex 0x... or decimal).")
    String zxid;

    @Option(
        names = "--to-time",
        paramLabel = "TIME",
        description = "Restore the state after the last txn at or before this ISO-8601 time.")
    String time;

    @Option(names = "--latest", description = "Restore the newest state the artifacts hold.")
    boolean latest;
  }

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "DIR",
      description = "The member's dataDir.")
  Path dataDir;

  @Option(
      names = "--data-log-dir",
      paramLabel = "DIR",
      description = "The member's dataLogDir (default: the data dir).")
  Path dataLogDir;

  @Option(names = "--myid", required = true, description = "The member's server id.")
  int myid;

  @Option(
      names = "--replace",
      description = "Replace what the data dir holds (refused by default when it is not empty).")
  boolean replace;

  @Override
  public Integer call() throws IOException {
    ReplayTarget replayTarget = replayTarget();
    MemberDataDir member =
        new MemberDataDir(myid, dataDir, dataLogDir == null ? dataDir : dataLogDir);
    ChainRestorer.Restored restored;
    try (ArtifactChain chain = ArtifactChain.open(full, increments)) {
      restored =
          ChainRestorer.restore(
              chain.store(), chain.chain(), replayTarget, List.of(member), replace);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "restored zxid %s (%s): %d znodes, %d ephemeral znodes left out%n",
        Zxid.hex(restored.written().zxid()),
        replayTarget,
        restored.written().nodes(),
        restored.written().ephemeralsLeftOut());
    for (Path p : restored.written().snapshots()) {
      out.println("wrote " + p);
    }
    out.flush();
    return 0;
  }

  private ReplayTarget replayTarget() {
    if (target.latest) {
      return ReplayTarget.end();
    }
    if (target.time != null) {
      try {
        return ReplayTarget.time(Instant.parse(target.time));
      } catch (DateTimeParseException e) {
        throw new CliException(
            ExitCode.USAGE,
            "--to-time '" + target.time + "' is not an ISO-8601 time",
            "write it like 2026-11-23T10:15:30Z",
            e);
      }
    }
    try {
      return ReplayTarget.zxid(Zxid.parse(target.zxid));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCode.USAGE, "--to-zxid '" + target.zxid + "' is not a zxid (0x... or decimal)");
    }
  }
}
