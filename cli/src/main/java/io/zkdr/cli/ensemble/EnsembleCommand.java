package io.zkdr.cli.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ControllerCommand;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.health.EnsembleHealth;
import io.zkdr.cli.health.HeartbeatReadings;
import io.zkdr.cli.input.YamlFiles;
import io.zkdr.cli.output.Table;
import io.zkdr.model.Agent;
import io.zkdr.model.Ensemble;
import io.zkdr.model.EnsembleSpec;
import io.zkdr.model.Member;
import io.zkdr.model.RestorableRange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zkdr ensemble ls|describe|register|remove}. */
@Command(
    name = "ensemble",
    description = "List, inspect, register and remove ZooKeeper ensembles.",
    subcommands = {
      EnsembleCommand.Ls.class,
      EnsembleCommand.Describe.class,
      EnsembleCommand.Register.class,
      EnsembleCommand.Remove.class
    })
public class EnsembleCommand {
  static final int MAX_ENSEMBLES = 10_000;
  static final int MAX_AGENTS = 10_000;

  /** {@code zkdr ensemble ls}. */
  @Command(name = "ls", description = "List ensembles with their regions and health.")
  static class Ls extends ControllerCommand {
    @Mixin OutputOption output;

    @Override
    protected int run(ControllerClient client) {
      List<Ensemble> ensembles = client.list("/v1/ensembles", MAX_ENSEMBLES, Ensemble.class);
      HeartbeatReadings readings =
          HeartbeatReadings.of(client.list("/v1/agents", MAX_AGENTS, Agent.class), Instant.now());
      output
          .printer(out())
          .print(
              ensembles,
              () -> {
                Table t =
                    new Table(
                        "NAME", "HOME", "STANDBY", "ACTIVE", "GEN", "MEMBERS", "POLICY", "HEALTH");
                for (Ensemble e : ensembles) {
                  EnsembleHealth h = readings.health(e.name(), e.spec().members());
                  t.row(
                      e.name(),
                      e.spec().homeRegion(),
                      String.join(",", e.spec().standbyRegions()),
                      e.status().activeRegion(),
                      e.status().failoverGeneration(),
                      e.spec().members().size(),
                      e.spec().policy(),
                      h.status());
                }
                return t;
              });
      return 0;
    }
  }

  /** {@code zkdr ensemble describe NAME}. */
  @Command(
      name = "describe",
      description = "Show an ensemble: members, regions, policy, generation, restorable range.")
  static class Describe extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(paramLabel = "NAME", description = "Ensemble name.")
    String name;

    /** The JSON/YAML shape of {@code describe}. */
    record Description(
        Ensemble ensemble, EnsembleHealth health, List<RestorableRange> restorable) {}

    @Override
    protected int run(ControllerClient client) {
      String path = "/v1/ensembles/" + ControllerClient.encode(name);
      Ensemble e = client.convert(client.get(path), Ensemble.class);
      JsonNode r = client.get(path + "/restorable");
      List<RestorableRange> ranges = new ArrayList<>();
      for (JsonNode n : r.path("regions")) {
        ranges.add(client.convert(n, RestorableRange.class));
      }
      HeartbeatReadings readings =
          HeartbeatReadings.of(client.list("/v1/agents", MAX_AGENTS, Agent.class), Instant.now());
      EnsembleHealth health = readings.health(e.name(), e.spec().members());
      Description d = new Description(e, health, ranges);
      output
          .printer(out())
          .printSections(
              d, () -> EnsembleTables.describe(e, health, readings, ranges, Instant.now()));
      return 0;
    }
  }

  /** {@code zkdr ensemble register NAME ...}. */
  @Command(
      name = "register",
      description = {
        "Register an ensemble (or replace its declaration), from flags or from -f FILE.",
        "Example: zkdr ensemble register payments-zk --home-region us-east"
            + " --standby-region eu-west"
            + " --member myid=1,host=zk1,client=2181,quorum=2888,election=3888,site=use-a ..."
      })
  static class Register extends ControllerCommand {
    @Mixin OutputOption output;

    @Parameters(
        paramLabel = "NAME",
        arity = "0..1",
        description = "Ensemble name (default: 'name' in the file).")
    String name;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description =
            "YAML file with name, homeRegion, standbyRegions, policy and members (the API's"
                + " fields).")
    Path file;

    @Option(names = "--home-region", description = "The region that normally serves it.")
    String homeRegion;

    @Option(
        names = "--standby-region",
        paramLabel = "REGION",
        description = "A region it can fail over to (repeat for more).")
    List<String> standbyRegions = new ArrayList<>();

    @Option(names = "--policy", description = "Name of the backup policy that applies.")
    String policy;

    @Option(
        names = "--member",
        paramLabel = "myid=N,host=H,client=P,quorum=P,election=P,site=S[,admin=P][,role=observer]",
        converter = MemberArgument.class,
        description =
            "One server (repeat for each); optional keys: admin, role, data-dir, data-log-dir.")
    List<Member> members = new ArrayList<>();

    @Override
    protected int run(ControllerClient client) {
      String ensemble = name;
      EnsembleSpec spec;
      if (file != null) {
        if (homeRegion != null
            || policy != null
            || !members.isEmpty()
            || !standbyRegions.isEmpty()) {
          throw usage("give either -f FILE or the --home-region/--member flags, not both");
        }
        EnsembleFile f = YamlFiles.read(file, EnsembleFile.class);
        if (f == null) {
          throw usage(file + ": the file is empty");
        }
        ensemble = ensemble != null ? ensemble : f.name();
        spec = f.spec();
        if (spec.homeRegion() == null) {
          throw usage(file + ": homeRegion: missing");
        }
      } else {
        if (homeRegion == null) {
          throw usage("--home-region is required (or give -f FILE)");
        }
        if (members.isEmpty()) {
          throw usage("at least one --member is required (or give -f FILE)");
        }
        spec = new EnsembleSpec(members, homeRegion, standbyRegions, policy);
      }
      if (ensemble == null) {
        throw usage("no ensemble name: give NAME or 'name' in the file");
      }
      Ensemble saved =
          client.convert(
              client.put("/v1/ensembles/" + ControllerClient.encode(ensemble), spec),
              Ensemble.class);
      output
          .printer(out())
          .print(
              saved,
              () ->
                  new Table("REGISTERED", "HOME", "STANDBY", "MEMBERS", "POLICY", "GEN")
                      .row(
                          saved.name(),
                          saved.spec().homeRegion(),
                          String.join(",", saved.spec().standbyRegions()),
                          saved.spec().members().size(),
                          saved.spec().policy(),
                          saved.status().failoverGeneration()));
      return 0;
    }

    private static CliException usage(String message) {
      return new CliException(ExitCode.USAGE, message, "see 'zkdr ensemble register --help'", null);
    }
  }

  /** {@code zkdr ensemble remove NAME --yes}. */
  @Command(
      name = "remove",
      description = {
        "Stop managing an ensemble: its pending jobs and log shipping are cancelled and it leaves"
            + " the catalog. Refused (exit 6) while one of its jobs runs. Its backups stay in the"
            + " catalog and the stores."
      })
  static class Remove extends ControllerCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The ensemble.")
    String ensemble;

    @Option(names = "--yes", description = "Confirm the removal (required).")
    boolean yes;

    @Mixin OutputOption output;

    @Override
    protected int run(ControllerClient client) {
      if (!yes) {
        throw new CliException(
            ExitCode.USAGE,
            "removing ensemble '" + ensemble + "' needs --yes",
            "its schedules and log shipping stop; its backups are kept",
            null);
      }
      Ensemble removed =
          client.convert(
              client.delete("/v1/ensembles/" + ControllerClient.encode(ensemble)), Ensemble.class);
      output
          .printer(out())
          .print(
              removed,
              () ->
                  new Table("REMOVED", "HOME", "MEMBERS", "POLICY")
                      .row(
                          removed.name(),
                          removed.spec().homeRegion(),
                          removed.spec().members().size(),
                          removed.spec().policy()));
      return 0;
    }
  }
}
