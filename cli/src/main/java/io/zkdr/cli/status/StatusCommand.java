package io.zkdr.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ControllerCommand;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.health.EnsembleHealth;
import io.zkdr.cli.health.HeartbeatReadings;
import io.zkdr.cli.status.StatusReport.BackupSummary;
import io.zkdr.cli.status.StatusReport.ControllerView;
import io.zkdr.cli.status.StatusReport.EnsembleView;
import io.zkdr.json.ZxidJson;
import io.zkdr.model.Agent;
import io.zkdr.model.Backup;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Region;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code zkdr status}: the whole deployment on one screen. */
@Command(
    name = "status",
    description =
        "Regions, controllers (who leads), agents, and each ensemble's health, shipping lag, last"
            + " backup and last verified backup.")
public class StatusCommand extends ControllerCommand {
  static final int MAX_ITEMS = 10_000;

  @Mixin OutputOption output;

  @Override
  protected int run(ControllerClient client) {
    Instant now = Instant.now();
    List<ControllerView> controllers = controllers(client.controllers());
    if (controllers.stream().noneMatch(ControllerView::reachable)) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "no controller answered: "
              + String.join(
                  ", ",
                  controllers.stream().map(c -> c.address() + " (" + c.error() + ")").toList()),
          "check that the controllers run, or pass --controller with other addresses",
          null);
    }
    List<Region> regions = client.list("/v1/regions", MAX_ITEMS, Region.class);
    List<Agent> agents = client.list("/v1/agents", MAX_ITEMS, Agent.class);
    HeartbeatReadings readings = HeartbeatReadings.of(agents, Instant.now());
    List<EnsembleView> ensembles = new ArrayList<>();
    for (Ensemble e : client.list("/v1/ensembles", MAX_ITEMS, Ensemble.class)) {
      EnsembleHealth health = readings.health(e.name(), e.spec().members());
      ensembles.add(
          new EnsembleView(
              e.name(),
              e.spec().homeRegion(),
              e.status().activeRegion(),
              e.status().failoverGeneration(),
              health,
              lastBackup(client, e.name()),
              lastVerified(client, e.name())));
    }
    StatusReport report = new StatusReport(now, regions, controllers, agents, ensembles);
    output.printer(out()).printSections(report, () -> StatusTables.of(report, now));
    return 0;
  }

  /** Asks each controller alone, so that the view shows which ones are down. */
  private List<ControllerView> controllers(List<URI> addresses) {
    List<ControllerView> views = new ArrayList<>();
    for (URI address : addresses) {
      ControllerClient one =
          new ControllerClient(List.of(address), Duration.ofSeconds(2), Duration.ofSeconds(5));
      try {
        JsonNode c = one.get("/v1/cluster");
        views.add(
            new ControllerView(
                address.toString(),
                true,
                c.path("self").asText(null),
                c.path("role").asText(null),
                c.path("term").asLong(),
                c.hasNonNull("leader") ? c.get("leader").asText() : null,
                c.path("appliedIndex").asLong(),
                null));
      } catch (CliException e) {
        views.add(
            new ControllerView(
                address.toString(), false, null, null, null, null, null, reason(e, address)));
      }
    }
    return views;
  }

  /** Why one controller did not answer, without its address ("connection refused"). */
  private static String reason(CliException e, URI address) {
    String m = e.getMessage();
    String prefix = "no controller answered: " + address + " (";
    if (m.startsWith(prefix) && m.endsWith(")")) {
      return m.substring(prefix.length(), m.length() - 1);
    }
    return m;
  }

  private static BackupSummary lastBackup(ControllerClient client, String ensemble) {
    String base = "/v1/ensembles/" + ControllerClient.encode(ensemble);
    try {
      JsonNode chain = client.get(base + "/restorable/latest");
      String id = chain.path("lastBackupId").asText(null);
      if (id == null) {
        return null;
      }
      Backup b =
          client.convert(client.get("/v1/backups/" + ControllerClient.encode(id)), Backup.class);
      return summary(b);
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static BackupSummary lastVerified(ControllerClient client, String ensemble) {
    try {
      Backup b =
          client.convert(
              client.get(
                  "/v1/ensembles/"
                      + ControllerClient.encode(ensemble)
                      + "/backups/latest-verified"),
              Backup.class);
      return summary(b);
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static BackupSummary summary(Backup b) {
    return new BackupSummary(b.id(), b.kind().name(), ZxidJson.format(b.toZxid()), b.createdAt());
  }
}
