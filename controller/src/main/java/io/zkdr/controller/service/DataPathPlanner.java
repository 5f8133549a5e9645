package io.zkdr.controller.service;

import io.zkdr.controller.catalog.CatalogQueries;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Page;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.Command;
import io.zkdr.controller.command.RejectionCode;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Ensemble;
import io.zkdr.model.IncrementalMode;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobState;
import io.zkdr.model.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the data-path jobs a policy implies beyond its crons:
 *
 * <ul>
 *   <li>one long-running {@code SHIP_LOG} job per ensemble whose policy ships increments
 *       continuously, created again whenever none is pending or leased (e.g. after it failed for
 *       good);
 *   <li>{@code REPLICATE} for every recent backup that lacks a copy in one of the policy's {@code
 *       replicateTo} regions (the log shipper copies increments itself; this catches what it could
 *       not);
 *   <li>{@code VERIFY} for every recent full backup not yet verified when the policy verifies every
 *       backup, with a test restore every {@code testRestoreEvery} of them.
 * </ul>
 *
 * Job ids derive from the backup and region ({@code replicate-<backup>-<region>}, {@code
 * verify-<backup>}) and an id is never used twice, so repeated passes and a new leader never create
 * a second job for the same work (a job that failed for good is not retried by a pass). Backups
 * younger than {@link #GRACE} are left to the agent that is still writing them.
 */
final class DataPathPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(DataPathPlanner.class);

  /** How long the agent that wrote a backup has to add its copies and checks itself. */
  static final Duration GRACE = Duration.ofSeconds(30);

  /** How far back a pass looks after the first one. */
  static final Duration LOOKBACK = Duration.ofMinutes(10);

  /** How far back the first pass of a new leader looks. */
  static final Duration FIRST_LOOKBACK = Duration.ofDays(1);

  private final Supplier<CatalogStore> stores;
  private final CommandSubmitter submitter;
  private final Clock clock;
  private final Map<String, Integer> fullsVerified = new HashMap<>();
  private boolean firstPass = true;

  DataPathPlanner(Supplier<CatalogStore> stores, CommandSubmitter submitter, Clock clock) {
    this.stores = stores;
    this.submitter = submitter;
    this.clock = clock;
  }

  /** Forgets what an earlier term saw: the next pass looks back a whole day again. */
  synchronized void restart() {
    firstPass = true;
    fullsVerified.clear();
  }

  synchronized void tick() throws InterruptedException {
    CatalogStore store = stores.get();
    CatalogQueries q = new CatalogQueries(store);
    Instant now = clock.instant();
    Set<String> shipping = ensemblesWithShipLog(q);
    Instant from = now.minus(firstPass ? FIRST_LOOKBACK : LOOKBACK);
    Instant to = now.minus(GRACE);
    for (Ensemble e : ensembles(store)) {
      if (e.spec().policy() == null) {
        continue;
      }
      Policy p = store.get(Table.POLICIES, Keys.utf8(e.spec().policy()), Policy.class);
      if (p == null) {
        continue;
      }
      if (p.spec().incrementalMode() == IncrementalMode.CONTINUOUS
          && !shipping.contains(e.name())) {
        createShipLog(store, e, now);
      }
      for (Backup b : recentBackups(q, e.name(), from, to)) {
        replicate(store, e, p, b);
        verify(store, e, p, b);
      }
    }
    firstPass = false;
  }

  private void createShipLog(CatalogStore store, Ensemble e, Instant now)
      throws InterruptedException {
    String base = "ship-" + e.name() + "-" + now.toEpochMilli();
    String id = base;
    for (int n = 2; exists(store, id); n++) {
      id = base + "-" + n;
    }
    JobSpec spec =
        new JobSpec(JobKind.SHIP_LOG, e.name(), e.status().activeRegion(), null, Map.of(), 100);
    if (submit(new Command.CreateJob(id, spec))) {
      LOG.info("started continuous log shipping of {} as job {}", e.name(), id);
    }
  }

  private void replicate(CatalogStore store, Ensemble e, Policy p, Backup b)
      throws InterruptedException {
    for (String region : p.spec().replicateTo()) {
      String id = "replicate-" + b.id() + "-" + region;
      if (b.copies().containsKey(region) || b.copies().isEmpty() || exists(store, id)) {
        continue;
      }
      JobSpec spec =
          new JobSpec(JobKind.REPLICATE, e.name(), region, null, Map.of("backupId", b.id()), 5);
      submit(new Command.CreateJob(id, spec));
    }
  }

  private void verify(CatalogStore store, Ensemble e, Policy p, Backup b)
      throws InterruptedException {
    if (p.spec().verification() == null
        || !p.spec().verification().everyBackup()
        || b.kind() != BackupKind.FULL
        || !b.verifications().isEmpty()) {
      return;
    }
    String id = "verify-" + b.id();
    if (exists(store, id)) {
      return;
    }
    String region =
        b.copies().containsKey(e.status().activeRegion())
            ? e.status().activeRegion()
            : b.copies().keySet().iterator().next();
    int every = p.spec().verification().testRestoreEvery();
    // Counted per leader term: the first full a leader verifies gets a test restore, then every
    // Nth; precise counting across leaders is not worth a catalog write per backup.
    int n = fullsVerified.merge(e.name(), 1, Integer::sum);
    boolean testRestore = every > 0 && (n - 1) % every == 0;
    JobSpec spec =
        new JobSpec(
            JobKind.VERIFY,
            e.name(),
            region,
            null,
            Map.of(
                "backupId", b.id(), "region", region, "testRestore", String.valueOf(testRestore)),
            3);
    submit(new Command.CreateJob(id, spec));
  }

  /** Submits; a job that already exists (another pass, another leader) is not an error. */
  private boolean submit(Command.CreateJob c) throws InterruptedException {
    ApplyResult r = submitter.submit(c);
    if (!r.ok() && r.code() != RejectionCode.ALREADY_EXISTS) {
      LOG.warn("could not create job {}: {}", c.jobId(), r.message());
    }
    return r.ok();
  }

  private static List<Ensemble> ensembles(CatalogStore store) {
    List<Ensemble> out = new ArrayList<>();
    store.scan(
        Table.ENSEMBLES,
        null,
        null,
        false,
        (k, v) -> {
          out.add(Scheduler.decode(v, Ensemble.class));
          return true;
        });
    return out;
  }

  private static List<Backup> recentBackups(
      CatalogQueries q, String ensemble, Instant from, Instant to) {
    List<Backup> out = new ArrayList<>();
    String token = null;
    do {
      Page<Backup> page = q.backupsByTime(ensemble, from, to, 1000, token);
      out.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    return out;
  }

  /** Ensembles with a SHIP_LOG job that is pending or leased. */
  private static Set<String> ensemblesWithShipLog(CatalogQueries q) {
    Set<String> out = new HashSet<>();
    for (Job j : openJobs(q)) {
      if (j.spec().kind() == JobKind.SHIP_LOG) {
        out.add(j.spec().ensemble());
      }
    }
    return out;
  }

  /** Whether a job with this id was ever created (a finished one is not created again). */
  private static boolean exists(CatalogStore store, String jobId) {
    return store.getRaw(Table.JOBS, Keys.utf8(jobId)) != null;
  }

  private static List<Job> openJobs(CatalogQueries q) {
    List<Job> out = new ArrayList<>();
    for (JobState s : List.of(JobState.PENDING, JobState.LEASED)) {
      String token = null;
      do {
        Page<Job> page = q.jobsByState(s, 1000, token);
        out.addAll(page.items());
        token = page.nextPageToken();
      } while (token != null);
    }
    return out;
  }
}
