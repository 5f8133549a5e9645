package io.zkdr.controller.catalog;

import io.zkdr.model.Agent;
import io.zkdr.model.AuditEntry;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.DrillRun;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Job;
import io.zkdr.model.JobState;
import io.zkdr.model.Policy;
import io.zkdr.model.Region;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.RestorableRange;
import io.zkdr.model.Site;
import io.zkdr.model.ZxidRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The read side of the catalog: lookups and paginated, ordered queries on the local database. */
public final class CatalogQueries {
  private final CatalogStore store;
  private final LatestChainCache latest;

  public CatalogQueries(CatalogStore store) {
    this.store = store;
    this.latest = new LatestChainCache(store.backupVersions());
  }

  /** The entity with this name or id in {@code table}, or null. */
  public <T> T get(Table table, String id, Class<T> type) {
    return store.get(table, Keys.utf8(id), type);
  }

  public Page<Region> regions(int limit, String token) {
    return listAll(Table.REGIONS, Region.class, limit, token);
  }

  public Page<Site> sites(int limit, String token) {
    return listAll(Table.SITES, Site.class, limit, token);
  }

  public Page<Agent> agents(int limit, String token) {
    return listAll(Table.AGENTS, Agent.class, limit, token);
  }

  public Page<Ensemble> ensembles(int limit, String token) {
    return listAll(Table.ENSEMBLES, Ensemble.class, limit, token);
  }

  public Page<Policy> policies(int limit, String token) {
    return listAll(Table.POLICIES, Policy.class, limit, token);
  }

  public Page<DrillRun> drills(int limit, String token) {
    return listAll(Table.DRILLS, DrillRun.class, limit, token);
  }

  private <T> Page<T> listAll(Table table, Class<T> type, int limit, String token) {
    return page(
        table, null, null, null, limit, token, (k, v) -> CatalogStore.decode(v, type, table));
  }

  /** Backups of an ensemble created in {@code [from, to)}, oldest first. */
  public Page<Backup> backupsByTime(
      String ensemble, Instant from, Instant to, int limit, String token) {
    Page<RawJson> stored = backupsByTimeJson(ensemble, from, to, limit, token);
    return new Page<>(
        stored.items().stream()
            .map(r -> CatalogStore.decode(r.json(), Backup.class, Table.BACKUPS))
            .toList(),
        stored.nextPageToken());
  }

  /** {@link #backupsByTime} as the stored JSON, for answers that pass it through undecoded. */
  public Page<RawJson> backupsByTimeJson(
      String ensemble, Instant from, Instant to, int limit, String token) {
    byte[] prefix = IndexKeys.ensemblePrefix(ensemble);
    byte[] start =
        from == null ? prefix : Keys.key().str(ensemble).num(from.toEpochMilli()).build();
    byte[] end =
        to == null
            ? Keys.prefixEnd(prefix)
            : Keys.key().str(ensemble).num(to.toEpochMilli()).build();
    return page(
        Table.BACKUPS_BY_TIME,
        prefix,
        start,
        end,
        limit,
        token,
        (k, v) ->
            v.length > 0 ? new RawJson(v) : backupJson(IndexKeys.idAfterNumber(k, prefix.length)));
  }

  /**
   * Backups of an ensemble whose toZxid is in {@code [fromZxid, toZxid]}, by zxid, as the stored
   * JSON.
   */
  public Page<RawJson> backupsByZxidJson(
      String ensemble, long fromZxid, long toZxid, int limit, String token) {
    byte[] prefix = IndexKeys.ensemblePrefix(ensemble);
    byte[] start = Keys.key().str(ensemble).num(fromZxid).build();
    byte[] end =
        toZxid == Long.MAX_VALUE
            ? Keys.prefixEnd(prefix)
            : Keys.key().str(ensemble).num(toZxid + 1).build();
    return page(
        Table.BACKUPS_BY_ZXID,
        prefix,
        start,
        end,
        limit,
        token,
        (k, v) -> backupJson(IndexKeys.idAfterNumber(k, prefix.length)));
  }

  private Backup backup(String id) {
    return store.get(Table.BACKUPS, Keys.utf8(id), Backup.class);
  }

  private RawJson backupJson(String id) {
    byte[] v = store.getRaw(Table.BACKUPS, Keys.utf8(id));
    return v == null ? null : new RawJson(v);
  }

  /**
   * Per region holding copies (or only {@code region} when given): every chain of the ensemble and
   * the zxids it covers from that region's copies, with gaps named.
   */
  public List<RestorableRange> restorable(String ensemble, String region) {
    List<ZxidIndexEntry> entries = new ArrayList<>();
    byte[] prefix = IndexKeys.ensemblePrefix(ensemble);
    store.scan(
        Table.BACKUPS_BY_ZXID,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (k, v) -> {
          entries.add(
              ZxidIndexEntry.decode(
                  IndexKeys.idAfterNumber(k, prefix.length), Keys.longAt(k, prefix.length), v));
          return true;
        });
    java.util.SortedSet<String> regions = new java.util.TreeSet<>();
    if (region != null) {
      regions.add(region);
    } else {
      entries.forEach(e -> regions.addAll(e.regions()));
    }
    List<RestorableRange> out = new ArrayList<>();
    for (String r : regions) {
      List<ZxidIndexEntry> inRegion = entries.stream().filter(e -> e.availableIn(r)).toList();
      out.add(new RestorableRange(ensemble, r, ChainBuilder.chains(inRegion)));
    }
    return out;
  }

  /**
   * The newest chain of the ensemble in {@code region} (any region when null): the point a restore
   * reaches by default. Reads only the newest full backup and the entries after it, and only when a
   * backup of the ensemble changed since it was last asked ({@link LatestChainCache}).
   */
  public RestorableChain latestRestorable(String ensemble, String region) {
    return latest.get(ensemble, region, () -> readLatestRestorable(ensemble, region));
  }

  /**
   * {@link #latestRestorable} as kept from an earlier query, if no backup of the ensemble changed
   * since; it reads nothing, so it may run on an event loop. Empty when the answer is "no chain";
   * null when the database must be read.
   */
  public Optional<RestorableChain> cachedLatestRestorable(String ensemble, String region) {
    return latest.peek(ensemble, region);
  }

  private RestorableChain readLatestRestorable(String ensemble, String region) {
    byte[] prefix = IndexKeys.ensemblePrefix(ensemble);
    byte[][] fullKey = new byte[1][];
    store.scan(
        Table.FULL_BACKUPS_BY_ZXID,
        prefix,
        Keys.prefixEnd(prefix),
        true,
        (k, v) -> {
          if (ZxidIndexEntry.fromIndex(k, prefix.length, v).availableIn(region)) {
            fullKey[0] = k;
            return false;
          }
          return true;
        });
    if (fullKey[0] == null) {
      return null;
    }
    List<ZxidIndexEntry> entries = new ArrayList<>();
    store.scan(
        Table.BACKUPS_BY_ZXID,
        fullKey[0],
        Keys.prefixEnd(prefix),
        false,
        (k, v) -> {
          ZxidIndexEntry e =
              ZxidIndexEntry.decode(
                  IndexKeys.idAfterNumber(k, prefix.length), Keys.longAt(k, prefix.length), v);
          if (e.availableIn(region)) {
            entries.add(e);
          }
          return true;
        });
    List<RestorableChain> chains = ChainBuilder.chains(entries);
    return chains.isEmpty() ? null : chains.get(chains.size() - 1);
  }

  /** The newest backup (by zxid) whose newest verification passed, or null. */
  public Backup latestVerified(String ensemble) {
    byte[] prefix = IndexKeys.ensemblePrefix(ensemble);
    Backup[] found = new Backup[1];
    store.scan(
        Table.BACKUPS_BY_ZXID,
        prefix,
        Keys.prefixEnd(prefix),
        true,
        (k, v) -> {
          Backup b = backup(IndexKeys.idAfterNumber(k, prefix.length));
          if (b != null && b.verified()) {
            found[0] = b;
            return false;
          }
          return true;
        });
    return found[0];
  }

  /** Jobs in one state, oldest first. */
  public Page<Job> jobsByState(JobState state, int limit, String token) {
    byte[] prefix = IndexKeys.statePrefix(state);
    return page(
        Table.JOBS_BY_STATE,
        prefix,
        prefix,
        Keys.prefixEnd(prefix),
        limit,
        token,
        (k, v) -> job(IndexKeys.idAfterNumber(k, prefix.length)));
  }

  /** Jobs an agent holds or held, by id. */
  public Page<Job> jobsByAgent(String agent, int limit, String token) {
    byte[] prefix = Keys.key().str(agent).build();
    return page(
        Table.JOBS_BY_AGENT,
        prefix,
        prefix,
        Keys.prefixEnd(prefix),
        limit,
        token,
        (k, v) -> job(Keys.tail(k, prefix.length)));
  }

  /** All jobs, by id. */
  public Page<Job> jobs(int limit, String token) {
    return listAll(Table.JOBS, Job.class, limit, token);
  }

  private Job job(String id) {
    return store.get(Table.JOBS, Keys.utf8(id), Job.class);
  }

  /** Audit entries with {@code at} in {@code [from, to)}, oldest first. */
  public Page<AuditEntry> audit(Instant from, Instant to, int limit, String token) {
    byte[] start = from == null ? null : Keys.key().num(from.toEpochMilli()).build();
    byte[] end = to == null ? null : Keys.key().num(to.toEpochMilli()).build();
    return page(
        Table.AUDIT,
        null,
        start,
        end,
        limit,
        token,
        (k, v) -> CatalogStore.decode(v, AuditEntry.class, Table.AUDIT));
  }

  /** Number of entries in a table (RocksDB's estimate). */
  public long estimateCount(Table table) {
    return store.estimateCount(table);
  }

  private <T> Page<T> page(
      Table table,
      byte[] prefix,
      byte[] from,
      byte[] to,
      int limit,
      String token,
      EntryDecoder<T> decode) {
    byte[] start = PageToken.startKey(token, from, prefix);
    List<T> items = new ArrayList<>();
    byte[][] last = new byte[1][];
    boolean[] more = new boolean[1];
    store.scan(
        table,
        start,
        to,
        false,
        (k, v) -> {
          if (items.size() == limit) {
            more[0] = true;
            return false;
          }
          T item = decode.decode(k, v);
          if (item != null) {
            items.add(item);
          }
          last[0] = k;
          return true;
        });
    return new Page<>(items, more[0] ? PageToken.after(last[0]) : null);
  }

  @FunctionalInterface
  private interface EntryDecoder<T> {
    T decode(byte[] key, byte[] value);
  }

  /** Builds chains from index entries sorted by toZxid. */
  static final class ChainBuilder {
    private ChainBuilder() {}

    static List<RestorableChain> chains(List<ZxidIndexEntry> byZxid) {
      List<RestorableChain> out = new ArrayList<>();
      ZxidIndexEntry full = null;
      ZxidIndexEntry lastLink = null;
      long end = 0;
      long reach = 0;
      boolean broken = false;
      List<ZxidRange> gaps = new ArrayList<>();
      for (ZxidIndexEntry e : byZxid) {
        if (e.kind() == BackupKind.FULL) {
          if (full != null) {
            out.add(chain(full, lastLink, end, gaps));
          }
          full = e;
          lastLink = e;
          end = e.toZxid();
          reach = end;
          broken = false;
          gaps = new ArrayList<>();
        } else if (full != null && e.toZxid() > reach) {
          if (e.fromZxid() > reach) {
            gaps.add(new ZxidRange(reach + 1, e.fromZxid()));
            broken = true;
          }
          if (!broken) {
            end = e.toZxid();
            lastLink = e;
          }
          reach = e.toZxid();
        }
      }
      if (full != null) {
        out.add(chain(full, lastLink, end, gaps));
      }
      return out;
    }

    private static RestorableChain chain(
        ZxidIndexEntry full, ZxidIndexEntry last, long end, List<ZxidRange> gaps) {
      return new RestorableChain(full.id(), last.id(), new ZxidRange(full.toZxid(), end), gaps);
    }
  }
}
