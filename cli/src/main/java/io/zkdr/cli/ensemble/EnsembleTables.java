package io.zkdr.cli.ensemble;

import io.zkdr.cli.health.EnsembleHealth;
import io.zkdr.cli.health.HeartbeatReadings;
import io.zkdr.cli.health.MemberReading;
import io.zkdr.cli.output.Sections;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import io.zkdr.json.ZxidJson;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Member;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.RestorableRange;
import io.zkdr.model.ZxidRange;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** How {@code zkdr ensemble describe} prints. */
final class EnsembleTables {
  private EnsembleTables() {}

  static Sections describe(
      Ensemble e,
      EnsembleHealth health,
      HeartbeatReadings readings,
      List<RestorableRange> ranges,
      Instant now) {
    Table fields = new Table("FIELD", "VALUE");
    fields.row("name", e.name());
    fields.row("home region", e.spec().homeRegion());
    fields.row(
        "standby regions",
        e.spec().standbyRegions().isEmpty()
            ? "none"
            : String.join(", ", e.spec().standbyRegions()));
    fields.row("active region", e.status().activeRegion());
    fields.row("failover generation", e.status().failoverGeneration());
    fields.row("policy", e.spec().policy() == null ? "none" : e.spec().policy());
    fields.row(
        "health",
        health.status()
            + " ("
            + health.membersUp()
            + "/"
            + health.members()
            + " up"
            + (health.leader() == null ? ", no leader reported" : ", leader " + health.leader())
            + ")");
    if (health.shippingLagSeconds() != null) {
      fields.row("shipping lag", String.format("%.1fs", health.shippingLagSeconds()));
    }

    Table members =
        new Table(
            "MYID",
            "HOST",
            "PORTS c/q/e/a",
            "ROLE",
            "SITE",
            "STATE",
            "ZNODES",
            "LAST ZXID",
            "DISK",
            "REPORTED");
    for (Member m : e.spec().members()) {
      MemberReading r = readings.member(e.name(), m.myid());
      members.row(
          m.myid(),
          m.host(),
          m.clientPort() + "/" + m.quorumPort() + "/" + m.electionPort() + "/" + m.adminPort(),
          m.role().name().toLowerCase(java.util.Locale.ROOT),
          m.site(),
          r == null ? "unknown" : state(r),
          r == null ? "" : r.znodes(),
          r == null ? "" : r.lastZxid(),
          r == null || r.diskUsedPct() == null ? "" : r.diskUsedPct() + "%",
          r == null ? "" : Times.relative(r.reportedAt(), now));
    }

    Table restorable = new Table("REGION", "FULL BACKUP", "LAST LINK", "RESTORABLE ZXIDS", "GAPS");
    for (RestorableRange range : ranges) {
      for (RestorableChain c : range.chains()) {
        restorable.row(
            range.region(),
            c.fullBackupId(),
            c.lastBackupId(),
            range(c.covered()),
            c.gaps().isEmpty()
                ? "none"
                : c.gaps().stream().map(EnsembleTables::range).collect(Collectors.joining(", ")));
      }
    }
    return new Sections()
        .add(null, fields, "")
        .add("MEMBERS", members, "no members declared")
        .add("RESTORABLE (per region holding copies)", restorable, "no backups yet");
  }

  private static String state(MemberReading r) {
    String s = r.state() == null ? "" : r.state();
    if (Boolean.FALSE.equals(r.up())) {
      return "down" + (s.isEmpty() ? "" : " (" + s + ")");
    }
    return s.isEmpty() ? (Boolean.TRUE.equals(r.up()) ? "up" : "unknown") : s;
  }

  static String range(ZxidRange r) {
    return r == null ? "" : ZxidJson.format(r.from()) + " .. " + ZxidJson.format(r.to());
  }
}
