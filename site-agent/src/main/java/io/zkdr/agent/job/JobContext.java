package io.zkdr.agent.job;

import io.zkdr.agent.SiteServices;
import io.zkdr.model.Job;

/** What a handler gets for one leased job. */
public interface JobContext {

  /** The job as leased. */
  Job job();

  /** The lease's attempt number (1 for the first lease). */
  int attempt();

  /**
   * Reports progress and renews the lease. The runner renews the lease on its own every third of
   * the lease time (with the last text reported), so handlers call this to say what they do, not to
   * keep the lease. A controller that cannot be reached is not an error here.
   *
   * @throws io.zkdr.agent.catalog.LeaseLostException when the lease is gone
   */
  void progress(String text);

  /** The agent's shared services: config, catalog client, stores, member control, metrics. */
  SiteServices site();

  /** A job parameter, or {@code fallback} when absent. */
  default String param(String name, String fallback) {
    return job().spec().params().getOrDefault(name, fallback);
  }

  /** A required job parameter. */
  default String requireParam(String name) throws JobFailedException {
    String v = job().spec().params().get(name);
    if (v == null || v.isBlank()) {
      throw JobFailedException.permanent(
          "job " + job().id() + " (" + job().spec().kind() + ") has no parameter '" + name + "'");
    }
    return v;
  }
}
