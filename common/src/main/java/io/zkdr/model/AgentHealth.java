package io.zkdr.model;

import java.util.Map;

/**
 * What an agent last reported about itself and the servers next to it.
 *
 * @param status overall status
 * @param details named readings (e.g. {@code zk_server_state}, {@code disk_used_pct})
 */
public record AgentHealth(HealthStatus status, Map<String, String> details) {
  public AgentHealth {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
