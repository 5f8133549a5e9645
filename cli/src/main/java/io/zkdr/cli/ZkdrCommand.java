package io.zkdr.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root {@code zkdr} command; nouns are its subcommands. */
@Command(
    name = "zkdr",
    mixinStandardHelpOptions = true,
    // Subcommands inherit --help/--version and the exit-code footer.
    scope = picocli.CommandLine.ScopeType.INHERIT,
    versionProvider = ZkdrVersion.class,
    description = "Disaster recovery for Apache ZooKeeper: backups, restores, failover, drills.",
    subcommands = {
      io.zkdr.cli.status.StatusCommand.class,
      io.zkdr.cli.ensemble.EnsembleCommand.class,
      io.zkdr.cli.policy.PolicyCommand.class,
      io.zkdr.cli.backup.BackupCommand.class,
      io.zkdr.cli.restore.RestoreCommand.class,
      io.zkdr.cli.job.JobCommand.class,
      io.zkdr.cli.audit.AuditCommand.class,
      io.zkdr.cli.offline.ArtifactCommand.class,
      io.zkdr.cli.offline.LogCommand.class,
      io.zkdr.cli.offline.SnapshotCommand.class,
      io.zkdr.cli.demo.DemoCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    footer = {
      "",
      "Exit codes:",
      "  0 ok, 1 failed, 2 usage error, 3 not found, 4 job failed,",
      "  5 controller unreachable, 6 conflict with the current state",
      "",
      "Controllers: --controller URL[,URL...], else $ZKDR_CONTROLLER, else the",
      "  'controllers:' list in ~/.config/zkdr/config.yaml (or in $ZKDR_CONFIG)."
    })
public class ZkdrCommand {

  @Option(
      names = "--verbose",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;
}
