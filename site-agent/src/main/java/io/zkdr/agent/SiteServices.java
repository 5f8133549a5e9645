package io.zkdr.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.member.MemberControl;
import io.zkdr.agent.metrics.AgentMetrics;
import io.zkdr.agent.store.RegionStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every job handler shares: the agent's config, its catalog client, the region stores, the
 * control of each managed member and the metrics registry.
 *
 * @param config the agent's config
 * @param catalog the controllers' API
 * @param stores every region's blob store
 * @param members member control by ensemble name, then by myid
 * @param registry where metrics are registered
 * @param version the agent's software version
 */
public record SiteServices(
    AgentConfig config,
    CatalogClient catalog,
    RegionStores stores,
    Map<String, Map<Integer, MemberControl>> members,
    MeterRegistry registry,
    String version) {

  /** The control of member {@code myid} of {@code ensemble}. */
  public MemberControl member(String ensemble, int myid) {
    MemberControl c = members.getOrDefault(ensemble, Map.of()).get(myid);
    if (c == null) {
      throw new IllegalArgumentException(
          "this agent does not manage member " + myid + " of ensemble " + ensemble);
    }
    return c;
  }

  /** The data-path and job metrics, recorded into {@link #registry()}. */
  public AgentMetrics metrics() {
    return new AgentMetrics(registry);
  }

  /** A directory under the agent's work dir, created if needed. */
  public Path workDir(String... parts) {
    Path p = config.workDir();
    for (String part : parts) {
      p = p.resolve(part);
    }
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create work directory " + p, e);
    }
  }
}
