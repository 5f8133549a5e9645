package io.zkdr.cli.restore;

import io.zkdr.cli.CliException;
import io.zkdr.cli.ControllerCommand;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.input.TimeArgument;
import io.zkdr.cli.job.JobCommand;
import io.zkdr.cli.job.JobSubmission;
import io.zkdr.cli.job.JobTables;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import io.zkdr.json.ZxidJson;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zkdr restore create|ls|describe}. */
@Command(
    name = "restore",
    description = "Restore an ensemble (or a subtree) to a zxid or a time, and follow restores.",
    subcommands = {
      RestoreCommand.Create.class,
      RestoreCommand.Ls.class,
      RestoreCommand.Describe.class
    })
public class RestoreCommand {

  /** The point to restore to: exactly one of these. */
  static class Point {
    @Option(names = "--to-zxid", paramLabel = "ZXID", description = "Restore to this zxid (hex).")
    String toZxid;

    @Option(
        names = "--to-time",
        paramLabel = "TIME",
        description = "Restore to the last transaction at or before TIME (ISO-8601, or an age).")
    String toTime;

    @Option(names = "--latest", description = "Restore to the latest restorable point.")
    boolean latest;
  }

  /** {@code zkdr restore create}. */
  @Command(
      name = "create",
      description = {
        "Start a restore (a RESTORE job). Targets: scratch (a new ensemble, the default),",
        "members (the ensemble's stopped members), running (client writes into a running",
        "ensemble). Example:",
        "  zkdr restore create --ensemble payments-zk --to-time 2026-11-23T22:00:00Z \\",
        "    --subtree /config --target running --on-conflict overwrite --wait"
      })
  static class Create extends ControllerCommand {
    @Mixin OutputOption output;
    @Mixin JobSubmission submission;

    @Option(
        names = "--ensemble",
        required = true,
        paramLabel = "NAME",
        description = "The ensemble to restore.")
    String ensemble;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Point point;

    @Option(
        names = "--subtree",
        paramLabel = "PATH",
        description = "Only this subtree (default: the whole tree).")
    String subtree;

    @Option(
        names = "--target",
        paramLabel = "TARGET",
        defaultValue = "scratch",
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    RestoreTarget target;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "Use the copies in this region (default: the ensemble's active region).")
    String region;

    @Option(
        names = "--on-conflict",
        paramLabel = "MODE",
        description =
            "For --target running, when a znode exists: ${COMPLETION-CANDIDATES} (default: fail).")
    ConflictMode onConflict;

    @Option(
        names = "--connect-string",
        paramLabel = "HOST:PORT[,...]",
        description =
            "For --target running: write into this ensemble instead of the ensemble's own.")
    String connectString;

    @Option(names = "--dry-run", description = "Report what would change; write nothing.")
    boolean dryRun;

    @Override
    protected int run(ControllerClient client) {
      Map<String, String> params = params();
      Ensemble e =
          client.convert(
              client.get("/v1/ensembles/" + ControllerClient.encode(ensemble)), Ensemble.class);
      String copies = region != null ? region : e.status().activeRegion();
      RestorableCheck.require(client, ensemble, copies, params.get("toZxid"), point.latest);
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("kind", JobKind.RESTORE.name());
      spec.put("ensemble", ensemble);
      spec.put("region", copies);
      spec.put("params", params);
      String jobId = JobSubmission.newJobId(JobKind.RESTORE, ensemble, Instant.now());
      return submission.submit(client, jobId, spec, output, out(), err());
    }

    /** The job's params, checked before anything is sent. */
    Map<String, String> params() {
      Map<String, String> p = new LinkedHashMap<>();
      if (point.toZxid != null) {
        try {
          p.put("toZxid", ZxidJson.format(ZxidJson.parse(point.toZxid)));
        } catch (IllegalArgumentException ex) {
          throw usage("--to-zxid: " + ex.getMessage());
        }
      } else if (point.toTime != null) {
        p.put("toTime", TimeArgument.parse("--to-time", point.toTime, Instant.now()).toString());
      }
      if (subtree != null) {
        if (!subtree.startsWith("/")) {
          throw usage("--subtree: '" + subtree + "' is not an absolute znode path");
        }
        p.put("subtree", subtree);
      }
      p.put("target", target.name());
      if (target != RestoreTarget.running && (onConflict != null || connectString != null)) {
        throw usage("--on-conflict and --connect-string apply only to --target running");
      }
      if (onConflict != null) {
        p.put("onConflict", onConflict.name());
      }
      if (connectString != null) {
        p.put("connectString", connectString);
      }
      p.put("dryRun", String.valueOf(dryRun));
      return p;
    }

    private static CliException usage(String message) {
      return new CliException(ExitCode.USAGE, message, "see 'zkdr restore create --help'", null);
    }
  }

  /** {@code zkdr restore ls}. */
  @Command(name = "ls", description = "List restores (RESTORE jobs), newest first.")
  static class Ls extends ControllerCommand {
    @Mixin OutputOption output;

    @Option(
        names = "--ensemble",
        paramLabel = "NAME",
        description = "Only restores of this ensemble.")
    String ensemble;

    @Option(
        names = "--state",
        description = "Only restores in this state: ${COMPLETION-CANDIDATES}.")
    JobState state;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "Show at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(ControllerClient client) {
      List<Job> jobs = JobCommand.list(client, state, null, JobKind.RESTORE, ensemble, limit);
      Instant now = Instant.now();
      output
          .printer(out())
          .print(
              jobs,
              () -> {
                Table t =
                    new Table(
                        "ID",
                        "ENSEMBLE",
                        "TARGET",
                        "TO",
                        "SUBTREE",
                        "STATE",
                        "CREATED",
                        "RESTORED");
                for (Job j : jobs) {
                  Map<String, String> p = j.spec().params();
                  Map<String, String> r = j.status().result();
                  t.row(
                      j.id(),
                      j.spec().ensemble(),
                      p.getOrDefault("target", "scratch")
                          + ("true".equals(p.get("dryRun")) ? " (dry run)" : ""),
                      p.getOrDefault("toZxid", p.getOrDefault("toTime", "latest")),
                      p.getOrDefault("subtree", "/"),
                      j.status().state(),
                      Times.relative(j.createdAt(), now),
                      r.containsKey("restoredZxid")
                          ? r.get("restoredZxid")
                              + " ("
                              + r.getOrDefault("znodes", "?")
                              + " znodes)"
                          : "");
                }
                return t;
              });
      return 0;
    }
  }

  /** {@code zkdr restore describe ID}. */
  @Command(name = "describe", description = "Show one restore: parameters, state and result.")
  static class Describe extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(paramLabel = "ID", description = "Restore job id.")
    String id;

    @Override
    protected int run(ControllerClient client) {
      Job job = client.convert(client.get("/v1/jobs/" + ControllerClient.encode(id)), Job.class);
      if (job.spec().kind() != JobKind.RESTORE) {
        throw new CliException(
            ExitCode.NOT_FOUND,
            "job '" + id + "' is a " + job.spec().kind() + " job, not a restore",
            "use 'zkdr job describe " + id + "', or 'zkdr restore ls' to list restores",
            null);
      }
      output.printer(out()).print(job, () -> JobTables.describe(job, Instant.now()));
      return 0;
    }
  }
}
