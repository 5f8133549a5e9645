package io.zkdr.model;

/** What a job does. */
public enum JobKind {
  CAPTURE_FULL,
  SHIP_LOG,
  REPLICATE,
  VERIFY,
  RESTORE,
  PRUNE,
  FAILOVER_STEP,
  DRILL_STEP
}
