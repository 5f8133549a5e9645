package io.zkdr.controller.command;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.zkdr.controller.catalog.CatalogTxn;
import io.zkdr.controller.catalog.IndexKeys;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.model.Agent;
import io.zkdr.model.AgentHealth;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.DrillRun;
import io.zkdr.model.Ensemble;
import io.zkdr.model.EnsembleSpec;
import io.zkdr.model.EnsembleStatus;
import io.zkdr.model.HealthStatus;
import io.zkdr.model.Member;
import io.zkdr.model.Policy;
import io.zkdr.model.PolicySpec;
import io.zkdr.model.Region;
import io.zkdr.model.Site;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** Applies the commands on regions, agents, ensembles, policies, backups and drills. */
final class CatalogCommands {
  static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  Region putRegion(Command.PutRegion c, CatalogTxn txn) {
    Names.requireNonNull("region", c.region());
    Names.require("region.name", c.region().name());
    txn.put(Table.REGIONS, Keys.utf8(c.region().name()), c.region());
    return c.region();
  }

  private static void requireRegion(CatalogTxn txn, String field, String region) {
    Names.require(field, region);
    if (!txn.exists(Table.REGIONS, Keys.utf8(region))) {
      throw Rejection.notFound(field + ": region '" + region + "'");
    }
  }

  Agent registerAgent(Command.RegisterAgent c, Instant at, CatalogTxn txn) {
    Names.require("agentId", c.agentId());
    Names.require("site", c.site());
    requireRegion(txn, "region", c.region());
    Site site = txn.get(Table.SITES, Keys.utf8(c.site()), Site.class);
    if (site != null && !site.region().equals(c.region())) {
      throw Rejection.conflict(
          "site '" + c.site() + "' belongs to region '" + site.region() + "', not " + c.region());
    }
    if (site == null) {
      txn.put(Table.SITES, Keys.utf8(c.site()), new Site(c.site(), c.region()));
    }
    Agent old = txn.get(Table.AGENTS, Keys.utf8(c.agentId()), Agent.class);
    Agent agent =
        new Agent(
            c.agentId(),
            c.site(),
            c.region(),
            c.version(),
            old == null ? at : old.registeredAt(),
            at,
            old == null ? new AgentHealth(HealthStatus.UNKNOWN, null) : old.health());
    txn.put(Table.AGENTS, Keys.utf8(c.agentId()), agent);
    return agent;
  }

  Agent recordHeartbeat(Command.RecordHeartbeat c, Instant at, CatalogTxn txn) {
    Names.require("agentId", c.agentId());
    Agent old = txn.get(Table.AGENTS, Keys.utf8(c.agentId()), Agent.class);
    if (old == null) {
      throw Rejection.notFound("agent '" + c.agentId() + "'");
    }
    Agent agent =
        new Agent(
            old.id(),
            old.site(),
            old.region(),
            c.version() == null ? old.version() : c.version(),
            old.registeredAt(),
            at,
            c.health() == null ? old.health() : c.health());
    txn.put(Table.AGENTS, Keys.utf8(c.agentId()), agent);
    return agent;
  }

  Ensemble putEnsemble(Command.PutEnsemble c, CatalogTxn txn) {
    Names.require("name", c.name());
    EnsembleSpec spec = c.spec();
    Names.requireNonNull("spec", spec);
    requireRegion(txn, "spec.homeRegion", spec.homeRegion());
    for (String r : spec.standbyRegions()) {
      requireRegion(txn, "spec.standbyRegions", r);
    }
    if (spec.policy() != null && !txn.exists(Table.POLICIES, Keys.utf8(spec.policy()))) {
      throw Rejection.notFound("spec.policy: policy '" + spec.policy() + "'");
    }
    Set<Integer> ids = new HashSet<>();
    for (Member m : spec.members()) {
      if (!ids.add(m.myid())) {
        throw Rejection.invalid("spec.members: myid " + m.myid() + " appears twice");
      }
    }
    Ensemble old = txn.get(Table.ENSEMBLES, Keys.utf8(c.name()), Ensemble.class);
    EnsembleStatus status = old == null ? new EnsembleStatus(0, spec.homeRegion()) : old.status();
    Ensemble e = new Ensemble(c.name(), spec, status);
    txn.put(Table.ENSEMBLES, Keys.utf8(c.name()), e);
    return e;
  }

  void removeEnsemble(Command.RemoveEnsemble c, CatalogTxn txn) {
    requireEnsemble(txn, c.name());
    byte[] prefix = Keys.key().str(c.name()).build();
    java.util.List<byte[]> ticks = new java.util.ArrayList<>();
    txn.scanCommitted(
        Table.SCHEDULE_TICKS,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (k, v) -> {
          ticks.add(k);
          return true;
        });
    ticks.forEach(k -> txn.delete(Table.SCHEDULE_TICKS, k));
    txn.delete(Table.ENSEMBLES, Keys.utf8(c.name()));
  }

  Ensemble bumpGeneration(Command.BumpFailoverGeneration c, CatalogTxn txn) {
    Ensemble old = requireEnsemble(txn, c.ensemble());
    if (old.status().failoverGeneration() != c.expectedGeneration()) {
      throw Rejection.conflict(
          "ensemble '"
              + c.ensemble()
              + "' is at failover generation "
              + old.status().failoverGeneration()
              + ", not "
              + c.expectedGeneration());
    }
    requireRegion(txn, "activeRegion", c.activeRegion());
    Ensemble e =
        new Ensemble(
            old.name(),
            old.spec(),
            new EnsembleStatus(c.expectedGeneration() + 1, c.activeRegion()));
    txn.put(Table.ENSEMBLES, Keys.utf8(c.ensemble()), e);
    return e;
  }

  static Ensemble requireEnsemble(CatalogTxn txn, String name) {
    Names.require("ensemble", name);
    Ensemble e = txn.get(Table.ENSEMBLES, Keys.utf8(name), Ensemble.class);
    if (e == null) {
      throw Rejection.notFound("ensemble '" + name + "'");
    }
    return e;
  }

  Policy putPolicy(Command.PutPolicy c, CatalogTxn txn) {
    Names.requireNonNull("policy", c.policy());
    Names.require("name", c.policy().name());
    PolicySpec spec = c.policy().spec();
    Names.requireNonNull("spec", spec);
    checkCron("spec.fullBackupCron", spec.fullBackupCron());
    checkCron("spec.incrementalCron", spec.incrementalCron());
    checkCron("spec.drillCron", spec.drillCron());
    for (String r : spec.replicateTo()) {
      requireRegion(txn, "spec.replicateTo", r);
    }
    if (spec.retention() != null
        && (spec.retention().keepDaily() < 0
            || spec.retention().keepWeekly() < 0
            || spec.retention().keepMonthly() < 0)) {
      throw Rejection.invalid("spec.retention: counts must not be negative");
    }
    txn.put(Table.POLICIES, Keys.utf8(c.policy().name()), c.policy());
    return c.policy();
  }

  private static void checkCron(String field, String expr) {
    if (expr == null) {
      return;
    }
    try {
      CRON.parse(expr).validate();
    } catch (IllegalArgumentException e) {
      throw Rejection.invalid(
          field + ": '" + expr + "' is not a cron expression: " + e.getMessage());
    }
  }

  Object putBackups(Command.PutBackups c, CatalogTxn txn) {
    Names.requireNonNull("backups", c.backups());
    if (c.backups().isEmpty()) {
      throw Rejection.invalid("backups: at least one backup is required");
    }
    for (Backup b : c.backups()) {
      validateNewBackup(b, txn);
      IndexKeys.putBackup(txn, b);
    }
    // A backup is stored exactly as given, so a single one answers with nothing: the submitter
    // has it, and every member keeps each reply in its Raft retry cache for a minute.
    return c.backups().size() == 1 ? null : new BatchResult(c.backups().size());
  }

  /** Result of a batched write. */
  record BatchResult(int written) {}

  private static void validateNewBackup(Backup b, CatalogTxn txn) {
    Names.require("id", b.id());
    Names.requireNonNull("kind", b.kind());
    Names.requireNonNull("createdAt", b.createdAt());
    Names.require("ensemble", b.ensemble());
    // Existence only: decoding the ensemble for every backup of a batch was a large share of apply.
    if (!txn.exists(Table.ENSEMBLES, Keys.utf8(b.ensemble()))) {
      throw Rejection.notFound("ensemble '" + b.ensemble() + "'");
    }
    if (txn.exists(Table.BACKUPS, Keys.utf8(b.id()))) {
      throw Rejection.duplicate("backup '" + b.id() + "'");
    }
    if (b.fromZxid() < 0 || b.toZxid() < 0 || b.sizeBytes() < 0) {
      throw Rejection.invalid("backup '" + b.id() + "': zxids and size must not be negative");
    }
    if (b.kind() == BackupKind.FULL && b.fromZxid() != b.toZxid()) {
      throw Rejection.invalid("backup '" + b.id() + "': a FULL backup has fromZxid == toZxid");
    }
    if (b.kind() == BackupKind.INCREMENTAL && b.fromZxid() >= b.toZxid()) {
      throw Rejection.invalid("backup '" + b.id() + "': an INCREMENTAL needs fromZxid < toZxid");
    }
    if (b.parentId() != null) {
      Backup parent = txn.get(Table.BACKUPS, Keys.utf8(b.parentId()), Backup.class);
      if (parent == null || !parent.ensemble().equals(b.ensemble())) {
        throw Rejection.notFound(
            "parentId: backup '" + b.parentId() + "' of ensemble '" + b.ensemble() + "'");
      }
    }
    if (b.copies().isEmpty()) {
      throw Rejection.invalid("backup '" + b.id() + "': copies must name at least one copy");
    }
    for (var e : b.copies().entrySet()) {
      if (!e.getKey().equals(e.getValue().region())) {
        throw Rejection.invalid("copies: key '" + e.getKey() + "' differs from its region");
      }
      requireRegion(txn, "copies.region", e.getKey());
    }
  }

  private static Backup requireBackup(CatalogTxn txn, String id) {
    Names.require("backupId", id);
    Backup b = txn.get(Table.BACKUPS, Keys.utf8(id), Backup.class);
    if (b == null) {
      throw Rejection.notFound("backup '" + id + "'");
    }
    return b;
  }

  Backup addCopy(Command.AddBackupCopy c, CatalogTxn txn) {
    Backup old = requireBackup(txn, c.backupId());
    Names.requireNonNull("copy", c.copy());
    requireRegion(txn, "copy.region", c.copy().region());
    BackupCopy existing = old.copies().get(c.copy().region());
    if (existing != null
        && existing.checksum() != null
        && !existing.checksum().equals(c.copy().checksum())) {
      throw Rejection.conflict(
          "backup '"
              + c.backupId()
              + "' already has a copy in "
              + c.copy().region()
              + " with another checksum");
    }
    Backup next = old.withCopy(c.copy());
    IndexKeys.putBackup(txn, next);
    return next;
  }

  Backup recordVerification(Command.RecordVerification c, CatalogTxn txn) {
    Backup old = requireBackup(txn, c.backupId());
    Names.requireNonNull("result", c.result());
    Names.requireNonNull("result.at", c.result().at());
    if (c.result().region() != null && !old.copies().containsKey(c.result().region())) {
      throw Rejection.notFound(
          "result.region: copy of backup '" + c.backupId() + "' in " + c.result().region());
    }
    Backup next = old.withVerification(c.result());
    IndexKeys.putBackup(txn, next);
    return next;
  }

  DrillRun putDrillRun(Command.PutDrillRun c, CatalogTxn txn) {
    Names.requireNonNull("run", c.run());
    Names.require("id", c.run().id());
    requireEnsemble(txn, c.run().ensemble());
    Names.requireNonNull("outcome", c.run().outcome());
    txn.put(Table.DRILLS, Keys.utf8(c.run().id()), c.run());
    return c.run();
  }
}
