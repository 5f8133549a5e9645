package io.zkdr.cli.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ControllerCommand;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.input.YamlFiles;
import io.zkdr.cli.output.Table;
import io.zkdr.model.Policy;
import io.zkdr.model.PolicySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zkdr policy ls|get|set}. */
@Command(
    name = "policy",
    description = "List, show and set backup policies.",
    subcommands = {PolicyCommand.Ls.class, PolicyCommand.Get.class, PolicyCommand.Set.class})
public class PolicyCommand {
  static final int MAX_POLICIES = 10_000;

  /** {@code zkdr policy ls}. */
  @Command(name = "ls", description = "List policies.")
  static class Ls extends ControllerCommand {
    @Mixin OutputOption output;

    @Override
    protected int run(ControllerClient client) {
      List<Policy> policies = client.list("/v1/policies", MAX_POLICIES, Policy.class);
      output
          .printer(out())
          .print(
              policies,
              () -> {
                Table t =
                    new Table(
                        "NAME",
                        "FULL BACKUP",
                        "INCREMENTS",
                        "REPLICATE TO",
                        "KEEP d/w/m",
                        "VERIFY");
                for (Policy p : policies) {
                  PolicySpec s = p.spec();
                  t.row(
                      p.name(),
                      s.fullBackupCron(),
                      increments(s),
                      String.join(",", s.replicateTo()),
                      s.retention() == null
                          ? "all"
                          : s.retention().keepDaily()
                              + "/"
                              + s.retention().keepWeekly()
                              + "/"
                              + s.retention().keepMonthly(),
                      verification(s));
                }
                return t;
              });
      return 0;
    }
  }

  /** {@code zkdr policy get NAME}. */
  @Command(name = "get", description = "Show one policy (-o yaml gives a file 'policy set' takes).")
  static class Get extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(paramLabel = "NAME", description = "Policy name.")
    String name;

    @Override
    protected int run(ControllerClient client) {
      Policy p =
          client.convert(client.get("/v1/policies/" + ControllerClient.encode(name)), Policy.class);
      output.printer(out()).print(p, () -> describe(p));
      return 0;
    }
  }

  /** {@code zkdr policy set NAME -f policy.yaml}. */
  @Command(
      name = "set",
      description = {
        "Create or replace a policy from a YAML file. Keys: fullBackupCron (required),",
        "incrementalMode (none|continuous|cron), incrementalCron, retention {keepDaily,",
        "keepWeekly, keepMonthly}, replicateTo [regions], verification {everyBackup,",
        "testRestoreEvery}, drillCron. Crons are 5-field Unix expressions in UTC. The output of",
        "'zkdr policy get NAME -o yaml' is accepted too."
      })
  static class Set extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(paramLabel = "NAME", description = "Policy name.")
    String name;

    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "The policy as YAML.")
    Path file;

    @Override
    protected int run(ControllerClient client) {
      PolicySpec spec = read(file);
      Policy saved =
          client.convert(
              client.put("/v1/policies/" + ControllerClient.encode(name), spec), Policy.class);
      output.printer(out()).print(saved, () -> describe(saved));
      return 0;
    }
  }

  /** Reads a policy file: the spec's keys, or {@code name} and {@code spec} as 'get' prints it. */
  static PolicySpec read(Path file) {
    JsonNode tree = YamlFiles.read(file, JsonNode.class);
    if (tree == null || !tree.isObject()) {
      throw new CliException(
          ExitCode.USAGE,
          file + ": expected a mapping with fullBackupCron, retention, ...",
          "see 'zkdr policy set --help'",
          null);
    }
    PolicySpec spec =
        tree.has("spec")
            ? YamlFiles.convert(file, tree, Policy.class).spec()
            : YamlFiles.convert(file, tree, PolicySpec.class);
    if (spec == null || spec.fullBackupCron() == null) {
      throw new CliException(
          ExitCode.USAGE,
          file + ": fullBackupCron: missing (e.g. '0 * * * *' for hourly)",
          "add the key and run the command again",
          null);
    }
    return spec;
  }

  static Table describe(Policy p) {
    PolicySpec s = p.spec();
    Table t = new Table("FIELD", "VALUE");
    t.row("name", p.name());
    t.row("full backups", "cron '" + s.fullBackupCron() + "' (UTC)");
    t.row("increments", increments(s));
    t.row("replicate to", s.replicateTo().isEmpty() ? "none" : String.join(", ", s.replicateTo()));
    t.row(
        "retention",
        s.retention() == null
            ? "keep everything"
            : "daily "
                + s.retention().keepDaily()
                + ", weekly "
                + s.retention().keepWeekly()
                + ", monthly "
                + s.retention().keepMonthly());
    t.row("verification", verification(s));
    t.row("drills", s.drillCron() == null ? "none" : "cron '" + s.drillCron() + "'");
    return t;
  }

  static String increments(PolicySpec s) {
    if (s.incrementalMode() == null) {
      return "none";
    }
    return switch (s.incrementalMode()) {
      case CRON -> "cron '" + s.incrementalCron() + "'";
      default -> s.incrementalMode().name().toLowerCase(Locale.ROOT);
    };
  }

  static String verification(PolicySpec s) {
    if (s.verification() == null) {
      return "none";
    }
    String every = s.verification().everyBackup() ? "every backup" : "on request";
    int n = s.verification().testRestoreEvery();
    return every + (n > 0 ? ", test restore every " + n + " fulls" : "");
  }
}
