package io.zkdr.controller.service;

import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.IndexKeys;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.Command;
import io.zkdr.model.Job;
import io.zkdr.model.JobState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's leader half: returns jobs whose lease expired to the queue (or fails them when
 * their attempts are used up). Leasing itself is a command any controller submits for an agent, so
 * that the catalog decides who gets a job; the attempt number in every later call makes a stale
 * lease holder's completion fail, so a job completes at most once.
 */
final class LeaseReaper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);
  private final Supplier<CatalogStore> stores;
  private CatalogStore store;
  private final CommandSubmitter submitter;
  private final Clock clock;

  LeaseReaper(Supplier<CatalogStore> stores, CommandSubmitter submitter, Clock clock) {
    this.stores = stores;
    this.submitter = submitter;
    this.clock = clock;
  }

  void tick() throws InterruptedException {
    store = stores.get();
    Instant now = clock.instant();
    byte[] prefix = IndexKeys.statePrefix(JobState.LEASED);
    List<Job> expired = new ArrayList<>();
    store.scan(
        Table.JOBS_BY_STATE,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (k, v) -> {
          Job j =
              store.get(
                  Table.JOBS, Keys.utf8(IndexKeys.idAfterNumber(k, prefix.length)), Job.class);
          if (j != null
              && j.status().leaseUntil() != null
              && !j.status().leaseUntil().isAfter(now)) {
            expired.add(j);
          }
          return true;
        });
    for (Job j : expired) {
      ApplyResult r = submitter.submit(new Command.ExpireLease(j.id(), j.status().attempts()));
      if (r.ok()) {
        LOG.info(
            "lease of job {} by {} expired; job is {}",
            j.id(),
            j.status().agentId(),
            r.value().get("status").get("state").asText());
      }
    }
  }
}
