package io.zkdr.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a job stands.
 *
 * @param state its phase
 * @param attempts leases granted so far
 * @param agentId the agent holding (or that last held) the lease
 * @param leaseUntil when the current lease expires
 * @param notBefore earliest time it may be leased (retry back-off)
 * @param progress last progress report
 * @param message last error or completion message
 * @param result outputs reported on success
 * @param updatedAt last change
 */
public record JobStatus(
    JobState state,
    int attempts,
    String agentId,
    Instant leaseUntil,
    Instant notBefore,
    String progress,
    String message,
    Map<String, String> result,
    Instant updatedAt) {
  public JobStatus {
    result = result == null ? Map.of() : Map.copyOf(new TreeMap<>(result));
  }
}
