package io.zkdr.controller.catalog;

import io.zkdr.model.Agent;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobState;
import java.time.Instant;
import java.util.Collection;

/** Which pending jobs an agent may lease. Used when applying a lease and to answer long polls. */
public final class JobEligibility {
  private JobEligibility() {}

  /**
   * Whether {@code agent} may lease {@code job} at {@code at}: the job is pending, past its
   * back-off, of one of {@code kinds} (any when empty), in the agent's region and site (or
   * unrestricted).
   */
  public static boolean eligible(Job job, Agent agent, Collection<JobKind> kinds, Instant at) {
    JobSpec spec = job.spec();
    if (job.status().state() != JobState.PENDING) {
      return false;
    }
    if (spec.region() != null && !spec.region().equals(agent.region())) {
      return false;
    }
    if (spec.site() != null && !spec.site().equals(agent.site())) {
      return false;
    }
    if (kinds != null && !kinds.isEmpty() && !kinds.contains(spec.kind())) {
      return false;
    }
    return job.status().notBefore() == null || !job.status().notBefore().isAfter(at);
  }

  /** Whether any pending job is eligible for the agent now (a read of committed state). */
  public static boolean anyEligible(
      CatalogStore store, Agent agent, Collection<JobKind> kinds, Instant at) {
    byte[] prefix = IndexKeys.statePrefix(JobState.PENDING);
    boolean[] found = new boolean[1];
    store.scan(
        Table.JOBS_BY_STATE,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (k, v) -> {
          Job j =
              store.get(
                  Table.JOBS, Keys.utf8(IndexKeys.idAfterNumber(k, prefix.length)), Job.class);
          found[0] = j != null && eligible(j, agent, kinds, at);
          return !found[0];
        });
    return found[0];
  }
}
