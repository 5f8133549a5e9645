package io.zkdr.cli.status;

import io.zkdr.cli.health.EnsembleHealth;
import io.zkdr.cli.health.HeartbeatReadings;
import io.zkdr.cli.output.Sections;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import io.zkdr.cli.status.StatusReport.BackupSummary;
import io.zkdr.cli.status.StatusReport.ControllerView;
import io.zkdr.cli.status.StatusReport.EnsembleView;
import io.zkdr.model.Agent;
import io.zkdr.model.Region;
import java.time.Instant;

/** How {@code zkdr status} prints. */
final class StatusTables {
  private StatusTables() {}

  static Sections of(StatusReport r, Instant now) {
    Table regions = new Table("REGION", "DESCRIPTION");
    for (Region region : r.regions()) {
      regions.row(region.name(), region.description());
    }

    Table controllers = new Table("CONTROLLER", "ID", "ROLE", "TERM", "LEADER", "APPLIED");
    for (ControllerView c : r.controllers()) {
      if (c.reachable()) {
        controllers.row(c.address(), c.id(), c.role(), c.term(), c.leader(), c.appliedIndex());
      } else {
        controllers.row(c.address(), "", "DOWN", "", "", c.error());
      }
    }

    Table agents = new Table("AGENT", "REGION", "SITE", "HEALTH", "LAST HEARTBEAT", "VERSION");
    for (Agent a : r.agents()) {
      boolean stale =
          a.lastHeartbeat() == null
              || a.lastHeartbeat().isBefore(now.minus(HeartbeatReadings.STALE));
      agents.row(
          a.id(),
          a.region(),
          a.site(),
          (a.health() == null ? "UNKNOWN" : a.health().status()) + (stale ? " (stale)" : ""),
          a.lastHeartbeat() == null ? "never" : Times.withRelative(a.lastHeartbeat(), now),
          a.version());
    }

    Table ensembles =
        new Table(
            "ENSEMBLE",
            "ACTIVE",
            "GEN",
            "HEALTH",
            "UP",
            "LEADER",
            "LAG",
            "LAST BACKUP",
            "LAST VERIFIED");
    for (EnsembleView e : r.ensembles()) {
      EnsembleHealth h = e.health();
      ensembles.row(
          e.name(),
          e.activeRegion(),
          e.failoverGeneration(),
          h.status(),
          h.membersUp() + "/" + h.members(),
          h.leader() == null ? "" : "myid " + h.leader(),
          h.shippingLagSeconds() == null ? "" : String.format("%.1fs", h.shippingLagSeconds()),
          backup(e.lastBackup(), now),
          backup(e.lastVerified(), now));
    }

    return new Sections()
        .add("REGIONS", regions, "no regions")
        .add("CONTROLLERS", controllers, "none configured")
        .add("AGENTS", agents, "no agent has registered")
        .add("ENSEMBLES", ensembles, "no ensembles: register one with 'zkdr ensemble register'");
  }

  private static String backup(BackupSummary b, Instant now) {
    if (b == null) {
      return "none";
    }
    return b.id() + " (" + Times.relative(b.createdAt(), now) + ")";
  }
}
