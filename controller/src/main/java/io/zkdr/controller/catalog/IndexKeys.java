package io.zkdr.controller.catalog;

import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Job;
import io.zkdr.model.JobState;
import java.time.Instant;

/** Keys of the secondary indexes and their maintenance on writes. */
public final class IndexKeys {
  private IndexKeys() {}

  /** ensemble, createdAt millis, id. */
  public static byte[] backupByTime(String ensemble, Instant createdAt, String id) {
    return Keys.key().str(ensemble).num(createdAt.toEpochMilli()).last(id).build();
  }

  /** ensemble, toZxid, id. */
  public static byte[] backupByZxid(String ensemble, long toZxid, String id) {
    return Keys.key().str(ensemble).num(toZxid).last(id).build();
  }

  /** The prefix of all index keys of an ensemble. */
  public static byte[] ensemblePrefix(String ensemble) {
    return Keys.key().str(ensemble).build();
  }

  /** state, createdAt millis, id. */
  public static byte[] jobByState(JobState state, Instant createdAt, String id) {
    return Keys.key().str(state.name()).num(createdAt.toEpochMilli()).last(id).build();
  }

  /** The prefix of the jobs in one state. */
  public static byte[] statePrefix(JobState state) {
    return Keys.key().str(state.name()).build();
  }

  /** agent, id. */
  public static byte[] jobByAgent(String agent, String id) {
    return Keys.key().str(agent).last(id).build();
  }

  /** The id at the end of a by-time, by-zxid or by-state key (after name and 8-byte number). */
  public static String idAfterNumber(byte[] key, int prefixLength) {
    return Keys.tail(key, prefixLength + 8);
  }

  /**
   * Writes a backup and its index entries. The by-time entry carries the backup itself (the same
   * JSON), so that listing an ensemble's backups over a time range reads one run of adjacent
   * entries instead of looking up every backup by id; an empty value (written before this) means
   * "look it up". A backup's ensemble and creation time never change, so every update of a backup
   * rewrites the same by-time key.
   */
  public static void putBackup(CatalogTxn txn, Backup b) {
    txn.backupsChanged(b.ensemble());
    byte[] json = CatalogStore.encode(b);
    txn.putRaw(Table.BACKUPS, Keys.utf8(b.id()), json);
    txn.putRaw(Table.BACKUPS_BY_TIME, backupByTime(b.ensemble(), b.createdAt(), b.id()), json);
    byte[] zxidKey = backupByZxid(b.ensemble(), b.toZxid(), b.id());
    byte[] entry = ZxidIndexEntry.of(b).encodeValue();
    txn.putRaw(Table.BACKUPS_BY_ZXID, zxidKey, entry);
    if (b.kind() == BackupKind.FULL) {
      txn.putRaw(Table.FULL_BACKUPS_BY_ZXID, zxidKey, entry);
    }
  }

  /** Deletes a backup and its index entries. */
  public static void deleteBackup(CatalogTxn txn, Backup b) {
    txn.backupsChanged(b.ensemble());
    txn.delete(Table.BACKUPS, Keys.utf8(b.id()));
    txn.delete(Table.BACKUPS_BY_TIME, backupByTime(b.ensemble(), b.createdAt(), b.id()));
    byte[] zxidKey = backupByZxid(b.ensemble(), b.toZxid(), b.id());
    txn.delete(Table.BACKUPS_BY_ZXID, zxidKey);
    if (b.kind() == BackupKind.FULL) {
      txn.delete(Table.FULL_BACKUPS_BY_ZXID, zxidKey);
    }
  }

  /** Writes a job, moving its state and agent index entries from {@code previous}. */
  public static void putJob(CatalogTxn txn, Job previous, Job next) {
    if (previous != null) {
      txn.delete(
          Table.JOBS_BY_STATE,
          jobByState(previous.status().state(), previous.createdAt(), previous.id()));
    }
    txn.put(Table.JOBS, Keys.utf8(next.id()), next);
    txn.putRaw(
        Table.JOBS_BY_STATE,
        jobByState(next.status().state(), next.createdAt(), next.id()),
        new byte[0]);
    if (next.status().agentId() != null) {
      txn.putRaw(Table.JOBS_BY_AGENT, jobByAgent(next.status().agentId(), next.id()), new byte[0]);
    }
  }
}
