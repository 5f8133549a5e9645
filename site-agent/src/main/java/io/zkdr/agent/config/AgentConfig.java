package io.zkdr.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one agent needs, read from one YAML file.
 *
 * @param agentId this agent's id, stable across restarts
 * @param site the site it runs in
 * @param region the site's region
 * @param controllers base URLs of the controllers' HTTP API (any order; the agent tries each)
 * @param httpHost address the agent's own HTTP endpoint ({@code /metrics}, {@code /health/live})
 *     binds to
 * @param httpPort its port; 0 picks a free one
 * @param workDir scratch space (downloads, scratch ensembles, staged restores)
 * @param stores the blob store of every region, by region name ({@code file:///...} or {@code
 *     s3://bucket/prefix})
 * @param storeOptions options passed to {@code BlobStores.open} (S3 endpoint, credentials), by
 *     region; may be empty
 * @param ensembles the ensembles whose members this agent manages
 * @param shipping how increments are cut
 * @param heartbeatInterval time between heartbeats
 * @param leaseWait how long one lease long-poll waits for a job
 * @param maxConcurrentJobs jobs run at once, not counting long-running log shipping
 */
public record AgentConfig(
    String agentId,
    String site,
    String region,
    List<URI> controllers,
    String httpHost,
    int httpPort,
    Path workDir,
    Map<String, URI> stores,
    Map<String, Map<String, String>> storeOptions,
    List<EnsembleConfig> ensembles,
    ShippingConfig shipping,
    Duration heartbeatInterval,
    Duration leaseWait,
    int maxConcurrentJobs) {

  public AgentConfig {
    controllers = List.copyOf(controllers);
    stores = Map.copyOf(stores);
    storeOptions = storeOptions == null ? Map.of() : Map.copyOf(storeOptions);
    ensembles = List.copyOf(ensembles);
  }

  /** The ensemble called {@code name}, or null when this agent does not manage it. */
  public EnsembleConfig ensemble(String name) {
    return ensembles.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }
}
