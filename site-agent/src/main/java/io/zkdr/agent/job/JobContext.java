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
   * Reports progress and renews the lease. Call at least every third of the lease time (the
   * controllers' {@code jobLeaseMs}, 60 s by default) while working.
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
