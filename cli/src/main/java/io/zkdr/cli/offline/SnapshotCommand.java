package io.zkdr.cli.offline;

import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.output.Table;
import io.zkdr.zk.diff.TreeDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.zookeeper.server.DataTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zkdr snapshot ...}: ZooKeeper data trees on disk. */
@Command(
    name = "snapshot",
    description = "Compare ZooKeeper data trees on disk.",
    subcommands = {SnapshotCommand.Diff.class})
public class SnapshotCommand {

  /** {@code zkdr snapshot diff A B}: exit 0 when equal, 4 when they differ. */
  @Command(
      name = "diff",
      description = {
        "Compare two trees znode by znode (data, ACL, stored stat). Each side is a snapshot",
        "file, a data dir (snapshot + logs replayed), or a FULL artifact (replayed to its end).",
        "Ephemeral znodes and /zookeeper are left out unless asked. Exits 0 when equal, 4 when not."
      })
  static class Diff implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOption output;

    @Parameters(index = "0", paramLabel = "A")
    String a;

    @Parameters(index = "1", paramLabel = "B")
    String b;

    @Option(names = "--include-ephemerals", description = "Compare ephemeral znodes too.")
    boolean includeEphemerals;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description =
            "Show at most this many differences (all are counted; default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws IOException {
      DataTree treeA = TreeSource.load(a);
      DataTree treeB = TreeSource.load(b);
      TreeDiff.Result result = new TreeDiff(includeEphemerals, limit).compare(treeA, treeB);
      PrintWriter out = spec.commandLine().getOut();
      output.printer(out).print(result, () -> table(result));
      if (output.isTable()) {
        out.printf(
            "%d znodes in A, %d in B: %s%n",
            result.nodesA(),
            result.nodesB(),
            result.equal()
                ? "identical"
                : result.differenceCount()
                    + " difference(s)"
                    + (result.differenceCount() > result.differences().size()
                        ? ", first " + result.differences().size() + " shown"
                        : ""));
        out.flush();
      }
      return result.equal() ? 0 : ExitCode.JOB_FAILED.code();
    }
  }

  static Table table(TreeDiff.Result result) {
    Table t = new Table("PATH", "DIFFERENCE", "DETAIL");
    for (TreeDiff.Difference d : result.differences()) {
      t.row(d.path(), d.kind(), d.detail());
    }
    return t;
  }
}
