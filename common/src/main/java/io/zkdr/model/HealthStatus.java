package io.zkdr.model;

/** Health an agent reports for its site. */
public enum HealthStatus {
  HEALTHY,
  DEGRADED,
  UNHEALTHY,
  UNKNOWN
}
