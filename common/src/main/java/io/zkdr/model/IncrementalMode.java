package io.zkdr.model;

/** How transaction logs are shipped between full backups. */
public enum IncrementalMode {
  /** No increments; only full backups. */
  NONE,
  /** A long-running {@code SHIP_LOG} job tails the log. */
  CONTINUOUS,
  /** A {@code SHIP_LOG} job on the policy's incremental cron. */
  CRON
}
