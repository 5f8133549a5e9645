package io.zkdr.controller.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.Priority;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The catalog's RocksDB database: one column family per {@link Table}. Reads may run on any thread;
 * writes go through {@link CatalogTxn} on the Raft apply thread only. The database can be swapped
 * for a checkpoint (snapshot install) while readers wait on a lock.
 */
public final class CatalogStore implements AutoCloseable {
  static final byte[] APPLIED_KEY = Keys.utf8("raft.applied");

  static {
    RocksDB.loadLibrary();
    // Flushes and compactions (and the flush a snapshot's checkpoint starts) run niced, so that
    // they take the CPU the request path leaves idle rather than delaying writes and reads: all
    // members reach a snapshot or fill a memtable at about the same entry, and their flushes then
    // compete with the request path at once. Only the threads' CPU share changes; their I/O not.
    Env.getDefault()
        .lowerThreadPoolCPUPriority(Priority.HIGH)
        .lowerThreadPoolCPUPriority(Priority.LOW);
  }

  private static final ObjectMapper JSON = JsonMapperFactory.shared();

  private final Path dir;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private DBOptions dbOptions;
  private ColumnFamilyOptions cfOptions;
  private RocksDB db;
  private final Map<Table, ColumnFamilyHandle> handles = new EnumMap<>(Table.class);
  private final List<ColumnFamilyHandle> allHandles = new ArrayList<>();

  /** Block cache of all tables; it outlives the database across snapshot installs. */
  private final Cache blockCache;

  private final BloomFilter bloomFilter = new BloomFilter(10);
  // Default options shared by the point reads of write transactions (RocksDB only reads them):
  // one per read was a native object made and freed for every existence check of every command.
  private final ReadOptions pointReads = new ReadOptions();

  private final BackupVersions backupVersions = new BackupVersions();

  private CatalogStore(Path dir, long blockCacheBytes) {
    this.dir = dir;
    this.blockCache = new LRUCache(blockCacheBytes);
  }

  /** Default size of the block cache: {@link #open(Path, long)}. */
  public static final long DEFAULT_BLOCK_CACHE_BYTES = 256L << 20;

  /** Opens (creating if needed) the catalog database in {@code dir}, with the default cache. */
  public static CatalogStore open(Path dir) throws IOException {
    return open(dir, DEFAULT_BLOCK_CACHE_BYTES);
  }

  /**
   * Opens (creating if needed) the catalog database in {@code dir}.
   *
   * @param blockCacheBytes size of the cache of uncompressed table blocks; reads that miss it read
   *     and decompress a block from disk, so it should hold the backups that queries touch
   */
  public static CatalogStore open(Path dir, long blockCacheBytes) throws IOException {
    CatalogStore s = new CatalogStore(dir, blockCacheBytes);
    try {
      s.openDb();
    } catch (IOException | RuntimeException e) {
      s.blockCache.close();
      s.bloomFilter.close();
      s.pointReads.close();
      throw e;
    }
    return s;
  }

  /** Directory of the live database. */
  public Path dir() {
    return dir;
  }

  /**
   * Memtable size per column family. Every Raft snapshot flushes all memtables (a checkpoint holds
   * only table files); at RocksDB's 64 MB default that flush wrote up to a few hundred megabytes at
   * once beside the writes. Small memtables flush as they fill, so a snapshot has little left.
   */
  static final long WRITE_BUFFER_BYTES = 8L << 20;

  private void openDb() throws IOException {
    Files.createDirectories(dir);
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    // Bloom filters let a point lookup skip the files that cannot hold its key.
    cfOptions =
        new ColumnFamilyOptions()
            .setWriteBufferSize(WRITE_BUFFER_BYTES)
            .setTableFormatConfig(
                new BlockBasedTableConfig()
                    .setBlockCache(blockCache)
                    .setFilterPolicy(bloomFilter)
                    .setWholeKeyFiltering(true));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (Table t : Table.values()) {
      descriptors.add(new ColumnFamilyDescriptor(t.cfNameBytes(), cfOptions));
    }
    try {
      allHandles.clear();
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, allHandles);
    } catch (RocksDBException e) {
      throw new IOException("cannot open catalog database " + dir + ": " + e.getMessage(), e);
    }
    for (Table t : Table.values()) {
      handles.put(t, allHandles.get(t.ordinal()));
    }
    try {
      IndexBackfill.run(this);
    } catch (RuntimeException e) {
      closeDb();
      throw e;
    }
  }

  private void closeDb() {
    for (ColumnFamilyHandle h : allHandles) {
      h.close();
    }
    allHandles.clear();
    handles.clear();
    if (db != null) {
      db.close();
      db = null;
    }
    if (cfOptions != null) {
      cfOptions.close();
    }
    if (dbOptions != null) {
      dbOptions.close();
    }
  }

  /**
   * Replaces the live database with a copy of {@code checkpoint} (a RocksDB checkpoint directory).
   * Readers block meanwhile.
   */
  public void replaceWith(Path checkpoint) throws IOException {
    lock.writeLock().lock();
    try {
      closeDb();
      backupVersions.replaced();
      deleteTree(dir);
      Files.createDirectories(dir);
      try (var files = Files.list(checkpoint)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (!name.endsWith(".md5")) {
            Files.copy(f, dir.resolve(name));
          }
        }
      }
      openDb();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Change stamps of each ensemble's backups, moved by every commit that writes some. */
  public BackupVersions backupVersions() {
    return backupVersions;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path x : (Iterable<Path>) walk.sorted((a, b) -> b.compareTo(a))::iterator) {
        Files.delete(x);
      }
    }
  }

  /** Starts a write transaction (one atomic write batch). */
  public CatalogTxn begin() {
    return new CatalogTxn(this);
  }

  /** Writes a consistent checkpoint of the database into {@code target}, which must not exist. */
  public void checkpoint(Path target) throws IOException {
    lock.readLock().lock();
    try (Checkpoint cp = Checkpoint.create(db)) {
      db.flushWal(true);
      cp.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new IOException("cannot checkpoint catalog " + dir + " into " + target, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The applied Raft term and index recorded with the last change, or null if none. */
  public long[] appliedTermIndex() {
    byte[] v = getRaw(Table.META, APPLIED_KEY);
    if (v == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return new long[] {b.getLong(), b.getLong()};
  }

  static byte[] encodeTermIndex(long term, long index) {
    return ByteBuffer.allocate(16).putLong(term).putLong(index).array();
  }

  /** Raw value of {@code key} in {@code table}, or null. */
  public byte[] getRaw(Table table, byte[] key) {
    return read(
        () -> {
          try {
            return db.get(handles.get(table), key);
          } catch (RocksDBException e) {
            throw new CatalogIoException("read " + table.cfName() + " failed", e);
          }
        });
  }

  /** Decoded JSON value of {@code key} in {@code table}, or null. */
  public <T> T get(Table table, byte[] key, Class<T> type) {
    return decode(getRaw(table, key), type, table);
  }

  static <T> T decode(byte[] v, Class<T> type, Table table) {
    if (v == null) {
      return null;
    }
    try {
      return JSON.readValue(v, type);
    } catch (IOException e) {
      throw new CatalogIoException("corrupt " + type.getSimpleName() + " in " + table.cfName(), e);
    }
  }

  static byte[] encode(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Visits keys and values in {@code [from, to)} in order (or reverse order) until told to stop.
   */
  public void scan(Table table, byte[] from, byte[] to, boolean reverse, EntryVisitor visitor) {
    read(
        () -> {
          try (ReadOptions ro = new ReadOptions();
              RocksIterator it = db.newIterator(handles.get(table), ro)) {
            scan(it, from, to, reverse, visitor);
          }
          return null;
        });
  }

  static void scan(RocksIterator it, byte[] from, byte[] to, boolean reverse, EntryVisitor v) {
    if (reverse) {
      if (to == null) {
        it.seekToLast();
      } else {
        it.seekForPrev(to);
        if (it.isValid() && java.util.Arrays.equals(it.key(), to)) {
          it.prev();
        }
      }
      for (; it.isValid(); it.prev()) {
        byte[] k = it.key();
        if (from != null && java.util.Arrays.compareUnsigned(k, from) < 0) {
          return;
        }
        if (!v.visit(k, it.value())) {
          return;
        }
      }
    } else {
      if (from == null) {
        it.seekToFirst();
      } else {
        it.seek(from);
      }
      for (; it.isValid(); it.next()) {
        byte[] k = it.key();
        if (to != null && java.util.Arrays.compareUnsigned(k, to) >= 0) {
          return;
        }
        if (!v.visit(k, it.value())) {
          return;
        }
      }
    }
  }

  /** RocksDB's estimate of the number of keys in {@code table}. */
  public long estimateCount(Table table) {
    return read(
        () -> {
          try {
            return db.getLongProperty(handles.get(table), "rocksdb.estimate-num-keys");
          } catch (RocksDBException e) {
            throw new CatalogIoException("estimate " + table.cfName() + " failed", e);
          }
        });
  }

  /**
   * Whether the database still has memtable flushes or compactions running or pending, as after a
   * bulk load; reads compete with that work for CPU and disk until it settles.
   */
  public boolean backgroundWorkPending() {
    return read(
        () -> {
          try {
            if (db.getLongProperty("rocksdb.num-running-compactions") > 0
                || db.getLongProperty("rocksdb.num-running-flushes") > 0) {
              return true;
            }
            for (ColumnFamilyHandle h : allHandles) {
              if (db.getLongProperty(h, "rocksdb.compaction-pending") > 0
                  || db.getLongProperty(h, "rocksdb.mem-table-flush-pending") > 0) {
                return true;
              }
            }
            return false;
          } catch (RocksDBException e) {
            throw new CatalogIoException("reading compaction state of " + dir + " failed", e);
          }
        });
  }

  void commit(org.rocksdb.WriteBatchWithIndex batch) throws RocksDBException {
    lock.readLock().lock();
    try (WriteOptions wo = new WriteOptions()) {
      db.write(wo, batch);
    } finally {
      lock.readLock().unlock();
    }
  }

  byte[] getInBatch(org.rocksdb.WriteBatchWithIndex batch, Table table, byte[] key) {
    return read(
        () -> {
          try {
            return batch.getFromBatchAndDB(db, handles.get(table), pointReads, key);
          } catch (RocksDBException e) {
            throw new CatalogIoException("read " + table.cfName() + " failed", e);
          }
        });
  }

  ColumnFamilyHandle handle(Table table) {
    return handles.get(table);
  }

  private <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      if (db == null) {
        throw new CatalogIoException("catalog " + dir + " is closed", null);
      }
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closeDb();
      blockCache.close();
      bloomFilter.close();
      pointReads.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Receives entries of a scan; returns false to stop. */
  @FunctionalInterface
  public interface EntryVisitor {
    boolean visit(byte[] key, byte[] value);
  }
}
