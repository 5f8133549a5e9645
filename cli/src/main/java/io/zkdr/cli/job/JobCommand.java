package io.zkdr.cli.job;

import io.zkdr.cli.ControllerCommand;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.output.Table;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zkdr job ls|describe|cancel}. */
@Command(
    name = "job",
    description = "List, inspect and cancel the jobs agents run.",
    subcommands = {JobCommand.Ls.class, JobCommand.Describe.class, JobCommand.Cancel.class})
public class JobCommand {
  /** How many jobs {@code ls} reads at most before filtering and sorting. */
  static final int SCAN_LIMIT = 5000;

  /** {@code zkdr job ls}. */
  @Command(name = "ls", description = "List jobs, newest first.")
  static class Ls extends ControllerCommand {
    @Mixin OutputOption output;

    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "Only jobs in this state: ${COMPLETION-CANDIDATES}.")
    JobState state;

    @Option(names = "--agent", description = "Only jobs leased by this agent.")
    String agent;

    @Option(
        names = "--kind",
        paramLabel = "KIND",
        description = "Only jobs of this kind: ${COMPLETION-CANDIDATES}.")
    JobKind kind;

    @Option(names = "--ensemble", paramLabel = "NAME", description = "Only jobs for this ensemble.")
    String ensemble;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "Show at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(ControllerClient client) {
      List<Job> jobs = list(client, state, agent, kind, ensemble, limit);
      output.printer(out()).print(jobs, () -> JobTables.list(jobs, Instant.now()));
      return 0;
    }
  }

  /** Reads jobs with the server-side filter the API offers and the rest applied here. */
  public static List<Job> list(
      ControllerClient client,
      JobState state,
      String agent,
      JobKind kind,
      String ensemble,
      int limit) {
    String path;
    if (state != null) {
      path = "/v1/jobs?state=" + state;
    } else if (agent != null) {
      path = "/v1/jobs?agent=" + ControllerClient.encode(agent);
    } else {
      path = "/v1/jobs";
    }
    return client.list(path, SCAN_LIMIT, Job.class).stream()
        .filter(j -> agent == null || agent.equals(j.status().agentId()))
        .filter(j -> kind == null || kind == j.spec().kind())
        .filter(j -> ensemble == null || ensemble.equals(j.spec().ensemble()))
        .sorted(Comparator.comparing(Job::createdAt).reversed().thenComparing(Job::id))
        .limit(Math.max(0, limit))
        .toList();
  }

  /** {@code zkdr job describe ID}. */
  @Command(name = "describe", description = "Show one job: parameters, attempts, result.")
  static class Describe extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(paramLabel = "ID", description = "Job id.")
    String id;

    @Override
    protected int run(ControllerClient client) {
      Job job = client.convert(client.get("/v1/jobs/" + ControllerClient.encode(id)), Job.class);
      output.printer(out()).print(job, () -> JobTables.describe(job, Instant.now()));
      return 0;
    }
  }

  /** {@code zkdr job cancel ID}. */
  @Command(name = "cancel", description = "Cancel a job that has not ended.")
  static class Cancel extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(paramLabel = "ID", description = "Job id.")
    String id;

    @Option(names = "--reason", description = "Why, for the job's message and the audit trail.")
    String reason;

    @Override
    protected int run(ControllerClient client) {
      Map<String, Object> body = reason == null ? Map.of() : Map.of("reason", reason);
      Job job =
          client.convert(
              client.post("/v1/jobs/" + ControllerClient.encode(id) + "/cancel", body), Job.class);
      output
          .printer(out())
          .print(
              job,
              () ->
                  new Table("JOB", "KIND", "STATE", "MESSAGE")
                      .row(
                          job.id(),
                          job.spec().kind(),
                          job.status().state(),
                          job.status().message()));
      return 0;
    }
  }
}
