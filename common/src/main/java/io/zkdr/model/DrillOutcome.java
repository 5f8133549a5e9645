package io.zkdr.model;

/** Phase of a drill run. */
public enum DrillOutcome {
  RUNNING,
  PASSED,
  FAILED
}
