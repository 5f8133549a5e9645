package io.zkdr.cli.backup;

import io.zkdr.cli.CliException;
import io.zkdr.cli.ControllerCommand;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.client.NewestFirst;
import io.zkdr.cli.input.TimeArgument;
import io.zkdr.cli.job.JobSubmission;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Ensemble;
import io.zkdr.model.JobKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zkdr backup ls|describe|create|verify}. */
@Command(
    name = "backup",
    description = "List, inspect, take and verify backups.",
    subcommands = {
      BackupCommand.Ls.class,
      BackupCommand.Describe.class,
      BackupCommand.Create.class,
      BackupCommand.Verify.class
    })
public class BackupCommand {
  /** How many parent links {@code describe} follows. */
  static final int CHAIN_LINKS_SHOWN = 25;

  /** {@code zkdr backup ls}. */
  @Command(name = "ls", description = "List backups, newest first.")
  static class Ls extends ControllerCommand {
    @Mixin OutputOption output;

    @Option(
        names = "--ensemble",
        paramLabel = "NAME",
        description = "Only this ensemble (default: every ensemble).")
    String ensemble;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "Only backups with a copy in this region.")
    String region;

    @Option(
        names = "--kind",
        paramLabel = "KIND",
        description = "Only this kind: ${COMPLETION-CANDIDATES}.")
    BackupKind kind;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        description = "Created at or after TIME (ISO-8601, or an age such as 2h or 7d).")
    String since;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        description = "Created before TIME (ISO-8601, or an age such as 30m).")
    String until;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "Show at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(ControllerClient client) {
      Instant now = Instant.now();
      Instant from = TimeArgument.parse("--since", since, now);
      Instant to = TimeArgument.parse("--until", until, now);
      List<String> ensembles = new ArrayList<>();
      if (ensemble != null) {
        client.get("/v1/ensembles/" + ControllerClient.encode(ensemble));
        ensembles.add(ensemble);
      } else {
        for (Ensemble e : client.list("/v1/ensembles", 10_000, Ensemble.class)) {
          ensembles.add(e.name());
        }
      }
      List<Backup> all = new ArrayList<>();
      for (String e : ensembles) {
        NewestFirst<Backup> query =
            new NewestFirst<>(
                client,
                "/v1/ensembles/" + ControllerClient.encode(e) + "/backups",
                Backup.class,
                Backup::createdAt);
        all.addAll(
            query.read(
                b ->
                    (region == null || b.copies().containsKey(region))
                        && (kind == null || b.kind() == kind),
                from,
                to,
                limit,
                now));
      }
      all.sort(Comparator.comparing(Backup::createdAt).reversed());
      List<Backup> shown = all.subList(0, Math.min(all.size(), Math.max(0, limit)));
      output.printer(out()).print(shown, () -> BackupTables.list(shown, ensembles.size() > 1, now));
      return 0;
    }
  }

  /** {@code zkdr backup describe ID}. */
  @Command(name = "describe", description = "Show a backup: copies, chain and verifications.")
  static class Describe extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(paramLabel = "ID", description = "Backup id.")
    String id;

    /** The JSON/YAML shape of {@code describe}: the backup and its chain's ids, full first. */
    record Description(Backup backup, List<String> chain, boolean chainComplete) {}

    @Override
    protected int run(ControllerClient client) {
      Backup b = get(client, id);
      List<Backup> chain = new ArrayList<>();
      chain.add(b);
      Backup link = b;
      while (link.parentId() != null && chain.size() <= CHAIN_LINKS_SHOWN) {
        link = get(client, link.parentId());
        chain.add(link);
      }
      boolean cut = link.parentId() != null;
      Collections.reverse(chain);
      Description d = new Description(b, chain.stream().map(Backup::id).toList(), !cut);
      output
          .printer(out())
          .printSections(d, () -> BackupTables.describe(b, chain, cut, Instant.now()));
      return 0;
    }
  }

  static Backup get(ControllerClient client, String id) {
    return client.convert(client.get("/v1/backups/" + ControllerClient.encode(id)), Backup.class);
  }

  /** {@code zkdr backup create --ensemble E}. */
  @Command(
      name = "create",
      description =
          "Take a full backup now (a CAPTURE_FULL job for the agent next to the members).")
  static class Create extends ControllerCommand {
    @Mixin OutputOption output;
    @Mixin JobSubmission submission;

    @Option(
        names = "--ensemble",
        paramLabel = "NAME",
        required = true,
        description = "The ensemble to back up.")
    String ensemble;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "Region whose agent runs it (default: the ensemble's active region).")
    String region;

    @Override
    protected int run(ControllerClient client) {
      Ensemble e =
          client.convert(
              client.get("/v1/ensembles/" + ControllerClient.encode(ensemble)), Ensemble.class);
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("kind", JobKind.CAPTURE_FULL.name());
      spec.put("ensemble", ensemble);
      spec.put("region", region != null ? region : e.status().activeRegion());
      spec.put("params", Map.of());
      String jobId = JobSubmission.newJobId(JobKind.CAPTURE_FULL, ensemble, Instant.now());
      return submission.submit(client, jobId, spec, output, out(), err());
    }
  }

  /** {@code zkdr backup verify ID}. */
  @Command(
      name = "verify",
      description =
          "Check a backup's copy: read back, checksums, load and digest; optionally a test"
              + " restore (a VERIFY job).")
  static class Verify extends ControllerCommand {
    @Mixin OutputOption output;
    @Mixin JobSubmission submission;

    @Parameters(paramLabel = "ID", description = "Backup id.")
    String id;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "The copy to check (default: the home region's copy, else the first).")
    String region;

    @Option(names = "--test-restore", description = "Also restore it into a scratch ensemble.")
    boolean testRestore;

    @Override
    protected int run(ControllerClient client) {
      Backup b = get(client, id);
      String copyRegion = region;
      if (copyRegion == null) {
        Ensemble e =
            client.convert(
                client.get("/v1/ensembles/" + ControllerClient.encode(b.ensemble())),
                Ensemble.class);
        copyRegion =
            b.copies().containsKey(e.spec().homeRegion())
                ? e.spec().homeRegion()
                : b.copies().keySet().stream().sorted().findFirst().orElse(null);
      }
      if (copyRegion == null || !b.copies().containsKey(copyRegion)) {
        throw new CliException(
            ExitCode.NOT_FOUND,
            "backup '"
                + id
                + "' has no copy"
                + (region == null ? "" : " in region '" + region + "'"),
            "its copies are in: " + String.join(", ", b.copies().keySet()),
            null);
      }
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("kind", JobKind.VERIFY.name());
      spec.put("ensemble", b.ensemble());
      spec.put("region", copyRegion);
      spec.put(
          "params",
          Map.of("backupId", id, "region", copyRegion, "testRestore", String.valueOf(testRestore)));
      String jobId = JobSubmission.newJobId(JobKind.VERIFY, b.ensemble(), Instant.now());
      return submission.submit(client, jobId, spec, output, out(), err());
    }
  }
}
