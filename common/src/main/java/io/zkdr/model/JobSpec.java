package io.zkdr.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a job is asked to do.
 *
 * @param kind what it does
 * @param ensemble the ensemble it concerns
 * @param region the region whose agents may run it; null for any
 * @param site the site whose agent must run it; null for any agent of the region
 * @param params kind-specific parameters (e.g. {@code backupId})
 * @param maxAttempts attempts before the job fails for good
 */
public record JobSpec(
    JobKind kind,
    String ensemble,
    String region,
    String site,
    Map<String, String> params,
    int maxAttempts) {
  public JobSpec {
    params = params == null ? Map.of() : Map.copyOf(new TreeMap<>(params));
  }
}
