package io.zkdr.cli.audit;

import io.zkdr.cli.ControllerCommand;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.client.NewestFirst;
import io.zkdr.cli.input.TimeArgument;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import io.zkdr.model.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zkdr audit ls}. */
@Command(
    name = "audit",
    description = "The audit trail: every change made to the catalog, who asked, and the outcome.",
    subcommands = {AuditCommand.Ls.class})
public class AuditCommand {

  /** {@code zkdr audit ls}. */
  @Command(name = "ls", description = "List the newest audit entries, oldest of them first.")
  static class Ls extends ControllerCommand {
    @Mixin OutputOption output;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        description = "At or after TIME (ISO-8601, or an age such as 2h or 7d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Before TIME.")
    String until;

    @Option(names = "--actor", description = "Only entries of this actor (e.g. cli:alice).")
    String actor;

    @Option(names = "--action", description = "Only this command type (e.g. PutPolicy, CreateJob).")
    String action;

    @Option(
        names = "--include-heartbeats",
        description = "Also show agents' heartbeats (left out by default: there are many).")
    boolean heartbeats;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "Show at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(ControllerClient client) {
      Instant now = Instant.now();
      NewestFirst<AuditEntry> query =
          new NewestFirst<>(client, "/v1/audit", AuditEntry.class, AuditEntry::at);
      List<AuditEntry> entries =
          new ArrayList<>(
              query.read(
                  a ->
                      (actor == null || actor.equals(a.actor()))
                          && (action == null || action.equalsIgnoreCase(a.action()))
                          && (heartbeats
                              || action != null
                              || !"RecordHeartbeat".equals(a.action())),
                  TimeArgument.parse("--since", since, now),
                  TimeArgument.parse("--until", until, now),
                  limit,
                  now));
      Collections.reverse(entries);
      output
          .printer(out())
          .print(
              entries,
              () -> {
                Table t = new Table("AT", "ACTOR", "ACTION", "TARGET", "OUTCOME", "MESSAGE");
                for (AuditEntry a : entries) {
                  t.row(
                      Times.withRelative(a.at(), now),
                      a.actor(),
                      a.action(),
                      a.target(),
                      a.outcome(),
                      a.message());
                }
                return t;
              });
      return 0;
    }
  }
}
