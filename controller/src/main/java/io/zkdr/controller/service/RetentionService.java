package io.zkdr.controller.service;

import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.IndexKeys;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.catalog.ZxidIndexEntry;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.Command;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobState;
import io.zkdr.model.Policy;
import io.zkdr.zk.Zxid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each policy's retention rule: creates one {@code PRUNE} job per region for every chain
 * the {@link RetentionPlanner} gives up ({@code params.scope=chain}, the chain's full as {@code
 * backupId} and the zxid range of its links). Job ids derive from the chain's full and the region,
 * so repeated passes (and a new leader) never create a second job for the same copies. When a PRUNE
 * job succeeds the catalog drops those copies, and each backup once no copy is left.
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
      List<RetentionPlanner.Item> pruned =
          RetentionPlanner.prune(items(e.name()), p.spec().retention(), inUse);
      for (List<RetentionPlanner.Item> chain : chains(pruned)) {
        pruneChain(e.name(), chain);
      }
    }
  }

  /** Splits the planner's answer (whole chains, each full first) into chains. */
  private static List<List<RetentionPlanner.Item>> chains(List<RetentionPlanner.Item> items) {
    List<List<RetentionPlanner.Item>> out = new ArrayList<>();
    for (RetentionPlanner.Item it : items) {
      if (it.entry().kind() == BackupKind.FULL || out.isEmpty()) {
        out.add(new ArrayList<>());
      }
      out.get(out.size() - 1).add(it);
    }
    return out;
  }

  /**
   * One PRUNE job per region for a whole chain: with continuous shipping a chain holds one
   * increment per second, and a job per artifact would flood the job queue.
   */
  private void pruneChain(String ensemble, List<RetentionPlanner.Item> chain)
      throws InterruptedException {
    ZxidIndexEntry full = chain.get(0).entry();
    long to = chain.stream().mapToLong(i -> i.entry().toZxid()).max().orElse(full.toZxid());
    Set<String> regions = new TreeSet<>();
    chain.forEach(i -> regions.addAll(i.entry().regions()));
    for (String region : regions) {
      String id = "prune-" + full.id() + "-" + region;
      if (store.getRaw(Table.JOBS, Keys.utf8(id)) != null) {
        continue;
      }
      Map<String, String> params = new TreeMap<>();
      params.put("backupId", full.id());
      params.put("region", region);
      params.put("scope", "chain");
      params.put("fromZxid", Zxid.hex(full.toZxid()));
      params.put("toZxid", Zxid.hex(to));
      JobSpec spec = new JobSpec(JobKind.PRUNE, ensemble, region, null, params, 5);
      ApplyResult r = submitter.submit(new Command.CreateJob(id, spec));
      if (r.ok()) {
        LOG.info(
            "retention: prune the chain of {} ({} backups) of {} in {}",
            full.id(),
            chain.size(),
            ensemble,
            region);
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
          ZxidIndexEntry entry = ZxidIndexEntry.fromIndex(k, prefix.length, v);
          // Only fulls need their creation time; increments (one a second) stay in the index.
          Instant createdAt = null;
          if (entry.kind() == BackupKind.FULL) {
            Backup b = store.get(Table.BACKUPS, Keys.utf8(entry.id()), Backup.class);
            if (b == null) {
              return true;
            }
            createdAt = b.createdAt();
          }
          out.add(new RetentionPlanner.Item(entry, createdAt));
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
