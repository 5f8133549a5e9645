package io.zkdr.controller.catalog;

import java.nio.charset.StandardCharsets;

/** The catalog's column families: one per entity, plus the secondary indexes the queries use. */
public enum Table {
  /** Applied Raft index and other node-local markers. */
  META("default"),
  REGIONS("regions"),
  SITES("sites"),
  AGENTS("agents"),
  ENSEMBLES("ensembles"),
  POLICIES("policies"),
  /** Backup id to backup. */
  BACKUPS("backups"),
  /** ensemble, createdAt, id: backups of an ensemble by time. */
  BACKUPS_BY_TIME("backups_by_time"),
  /** ensemble, toZxid, id to a {@link ZxidIndexEntry}: backups by zxid, and restorable chains. */
  BACKUPS_BY_ZXID("backups_by_zxid"),
  /**
   * The FULL backups of {@link #BACKUPS_BY_ZXID}, same keys and values: where the newest chain
   * starts, found without stepping back over the increments after it. Built from {@link
   * #BACKUPS_BY_ZXID} when a database without it is opened ({@link IndexBackfill}).
   */
  FULL_BACKUPS_BY_ZXID("full_backups_by_zxid"),
  JOBS("jobs"),
  /** state, createdAt, id: jobs by state, oldest first. */
  JOBS_BY_STATE("jobs_by_state"),
  /** agent, id: jobs an agent holds or held. */
  JOBS_BY_AGENT("jobs_by_agent"),
  DRILLS("drills"),
  /** at, index: the audit trail by time. */
  AUDIT("audit"),
  /** ensemble, schedule name: the last scheduler tick that produced a job. */
  SCHEDULE_TICKS("schedule_ticks");

  private final String cfName;

  Table(String cfName) {
    this.cfName = cfName;
  }

  /** Column family name as stored in RocksDB. */
  public String cfName() {
    return cfName;
  }

  byte[] cfNameBytes() {
    return cfName.getBytes(StandardCharsets.UTF_8);
  }
}
