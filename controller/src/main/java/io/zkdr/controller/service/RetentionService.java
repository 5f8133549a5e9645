package io.zkdr.controller.service;

import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.IndexKeys;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.catalog.ZxidIndexEntry;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.Command;
import io.zkdr.model.Backup;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobState;
import io.zkdr.model.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each policy's retention rule: creates one {@code PRUNE} job per copy of every backup the
 * {@link RetentionPlanner} gives up. Job ids are derived from backup and region, so repeated passes
 * (and a new leader) never create a second job for the same copy. When a PRUNE job succeeds the
 * catalog drops that copy, and the backup once no copy is left.
 */
final class RetentionService {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
  private final Supplier<CatalogStore> stores;
  private CatalogStore store;
  private final CommandSubmitter submitter;

  RetentionService(Supplier<CatalogStore> stores, CommandSubmitter submitter) {
    this.stores = stores;
    this.submitter = submitter;
  }

  void tick() throws InterruptedException {
    store = stores.get();
    Set<String> inUse = restoreInputs();
    List<Ensemble> ensembles = new ArrayList<>();
    store.scan(
        Table.ENSEMBLES,
        null,
        null,
        false,
        (k, v) -> {
          ensembles.add(Scheduler.decode(v, Ensemble.class));
          return true;
        });
    for (Ensemble e : ensembles) {
      Policy p =
          e.spec().policy() == null
              ? null
              : store.get(Table.POLICIES, Keys.utf8(e.spec().policy()), Policy.class);
      if (p == null || p.spec().retention() == null) {
        continue;
      }
      for (RetentionPlanner.Item item :
          RetentionPlanner.prune(items(e.name()), p.spec().retention(), inUse)) {
        for (String region : item.entry().regions()) {
          String id = "prune-" + item.entry().id() + "-" + region;
          if (store.getRaw(Table.JOBS, Keys.utf8(id)) != null) {
            continue;
          }
          JobSpec spec =
              new JobSpec(
                  JobKind.PRUNE,
                  e.name(),
                  region,
                  null,
                  Map.of("backupId", item.entry().id(), "region", region),
                  5);
          ApplyResult r = submitter.submit(new Command.CreateJob(id, spec));
          if (r.ok()) {
            LOG.info("retention: prune {} of {} in {}", item.entry().id(), e.name(), region);
          }
        }
      }
    }
  }

  private List<RetentionPlanner.Item> items(String ensemble) {
    List<RetentionPlanner.Item> out = new ArrayList<>();
    byte[] prefix = IndexKeys.ensemblePrefix(ensemble);
    store.scan(
        Table.BACKUPS_BY_ZXID,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (k, v) -> {
          String id = IndexKeys.idAfterNumber(k, prefix.length);
          Backup b = store.get(Table.BACKUPS, Keys.utf8(id), Backup.class);
          if (b != null) {
            out.add(new RetentionPlanner.Item(ZxidIndexEntry.of(b), b.createdAt()));
          }
          return true;
        });
    return out;
  }

  /** Backups named by RESTORE jobs that have not finished. */
  private Set<String> restoreInputs() {
    Set<String> ids = new HashSet<>();
    for (JobState s : new JobState[] {JobState.PENDING, JobState.LEASED}) {
      byte[] prefix = IndexKeys.statePrefix(s);
      store.scan(
          Table.JOBS_BY_STATE,
          prefix,
          Keys.prefixEnd(prefix),
          false,
          (k, v) -> {
            Job j =
                store.get(
                    Table.JOBS, Keys.utf8(IndexKeys.idAfterNumber(k, prefix.length)), Job.class);
            if (j != null && j.spec().kind() == JobKind.RESTORE) {
              for (String key : new String[] {"backupId", "fullBackupId", "toBackupId"}) {
                String id = j.spec().params().get(key);
                if (id != null) {
                  ids.add(id);
                }
              }
            }
            return true;
          });
    }
    return ids;
  }
}
