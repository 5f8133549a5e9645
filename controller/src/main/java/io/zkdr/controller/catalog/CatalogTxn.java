package io.zkdr.controller.catalog;

import java.util.HashSet;
import java.util.Set;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;

/**
 * One atomic change to the catalog: every put and delete of one command, plus the applied Raft term
 * and index, in a single RocksDB write batch. Reads through the transaction see its own uncommitted
 * writes.
 */
public final class CatalogTxn implements AutoCloseable {
  private final CatalogStore store;
  private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
  private final Set<String> backupsChanged = new HashSet<>();

  CatalogTxn(CatalogStore store) {
    this.store = store;
  }

  /** The value of {@code key}, including this transaction's writes. */
  public <T> T get(Table table, byte[] key, Class<T> type) {
    return CatalogStore.decode(store.getInBatch(batch, table, key), type, table);
  }

  /** The raw value of {@code key}, including this transaction's writes. */
  public byte[] getRaw(Table table, byte[] key) {
    return store.getInBatch(batch, table, key);
  }

  /** Whether {@code key} exists, including this transaction's writes. */
  public boolean exists(Table table, byte[] key) {
    return getRaw(table, key) != null;
  }

  /** Stores {@code value} as JSON. */
  public void put(Table table, byte[] key, Object value) {
    putRaw(table, key, CatalogStore.encode(value));
  }

  /** Stores raw bytes. */
  public void putRaw(Table table, byte[] key, byte[] value) {
    try {
      batch.put(store.handle(table), key, value);
    } catch (RocksDBException e) {
      throw new CatalogIoException("batch put into " + table.cfName() + " failed", e);
    }
  }

  /** Deletes {@code key}. */
  public void delete(Table table, byte[] key) {
    try {
      batch.delete(store.handle(table), key);
    } catch (RocksDBException e) {
      throw new CatalogIoException("batch delete from " + table.cfName() + " failed", e);
    }
  }

  /**
   * Scans committed entries (not this transaction's writes). Commands that scan do so before they
   * write.
   */
  public void scanCommitted(
      Table table, byte[] from, byte[] to, boolean reverse, CatalogStore.EntryVisitor visitor) {
    store.scan(table, from, to, reverse, visitor);
  }

  /** Marks the point a following {@link #rollbackToSavePoint()} returns to. */
  public void setSavePoint() {
    batch.setSavePoint();
  }

  /** Drops the changes made since the last save point, and the save point. */
  public void rollbackToSavePoint() {
    try {
      batch.rollbackToSavePoint();
    } catch (RocksDBException e) {
      throw new CatalogIoException("rollback of a write batch failed", e);
    }
  }

  /** Keeps the changes made since the last save point and forgets the save point. */
  public void releaseSavePoint() {
    try {
      batch.popSavePoint();
    } catch (RocksDBException e) {
      throw new CatalogIoException("releasing a write batch save point failed", e);
    }
  }

  /** Notes that this transaction writes backup records of {@code ensemble}. */
  void backupsChanged(String ensemble) {
    backupsChanged.add(ensemble);
  }

  /**
   * Records the applied term and index and writes the batch atomically; then moves the {@link
   * BackupVersions} stamps of the ensembles whose backups it wrote.
   */
  public void commit(long term, long index) {
    putRaw(Table.META, CatalogStore.APPLIED_KEY, CatalogStore.encodeTermIndex(term, index));
    write("commit of log index " + index);
    if (!backupsChanged.isEmpty()) {
      store.backupVersions().changed(backupsChanged);
    }
  }

  /**
   * Writes the batch without recording an applied index: for entries derived from what the database
   * already holds ({@link IndexBackfill}), which no log entry made.
   */
  void commitDerived() {
    write("write of derived entries into " + store.dir());
  }

  private void write(String what) {
    try {
      store.commit(batch);
    } catch (RocksDBException e) {
      throw new CatalogIoException(what + " failed", e);
    }
  }

  @Override
  public void close() {
    batch.close();
  }
}
