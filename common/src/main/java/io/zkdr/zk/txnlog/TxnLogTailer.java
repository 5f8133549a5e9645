package io.zkdr.zk.txnlog;

import io.zkdr.zk.Zxid;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the transaction logs of a running server: each {@link #poll} returns the records written
 * since the previous one, across log rolls, checked (checksum, decoding) and continuous (a gap is
 * an error, never skipped). The building block for shipping increments continuously.
 *
 * <p>Reads only whole records: a record being written is left for the next poll. Not thread-safe.
 */
public final class TxnLogTailer {

  /** Reads of a damaged-looking record before it counts as damage (it may be half written). */
  static final int TORN_READ_ATTEMPTS = 5;

  private final Path logDir;
  private long lastZxid;
  private TxnLogFile current;
  private long position;
  private long dbid = -1;

  /**
   * @param logDir the {@code version-2} dir holding {@code log.*} files
   * @param afterZxid the last zxid already shipped; the first record returned is its successor
   */
  public TxnLogTailer(Path logDir, long afterZxid) {
    this.logDir = logDir;
    this.lastZxid = afterZxid;
  }

  /** The database id from the header of the log being read, -1 before the first read. */
  public long dbid() {
    return dbid;
  }

  /** The last zxid returned so far (or the starting point). */
  public long lastZxid() {
    return lastZxid;
  }

  /**
   * Records written since the last poll, at most {@code max}; empty when nothing new is complete.
   *
   * <p>The records before a gap are returned first; the poll after them throws the gap (again on
   * every later poll: the tailer stays before it).
   *
   * @throws TxnLogFormatException on a damaged record, a gap or zxids going backwards, with file
   *     and offset
   */
  public List<TxnLogRecord> poll(int max) throws IOException {
    List<TxnLogRecord> out = new ArrayList<>();
    try {
      pollInto(out, max);
    } catch (TxnLogFormatException e) {
      if (out.isEmpty() || e.kind() != LogProblem.Kind.ZXID_GAP) {
        throw e;
      }
    }
    return out;
  }

  private void pollInto(List<TxnLogRecord> out, int max) throws IOException {
    while (out.size() < max) {
      if (current == null && !openFirst()) {
        return;
      }
      int before = out.size();
      readCurrent(out, max);
      if (out.size() > before || out.size() >= max) {
        continue;
      }
      // Nothing more in this file. Once ZooKeeper has rolled to a newer file it never appends to
      // this one again; read it once more (its last records may have landed since) and move on.
      TxnLogFile next = nextFile();
      if (next == null) {
        return;
      }
      readCurrent(out, max);
      if (out.size() > before) {
        continue;
      }
      current = next;
      position = 0;
    }
  }

  private boolean openFirst() throws IOException {
    List<TxnLogFile> files = TxnLogFile.list(logDir);
    if (files.isEmpty()) {
      return false;
    }
    List<TxnLogFile> covering = TxnLogFile.covering(files, lastZxid);
    current = covering.get(0);
    position = 0;
    return true;
  }

  private TxnLogFile nextFile() throws IOException {
    for (TxnLogFile f : TxnLogFile.list(logDir)) {
      if (f.startZxid() > current.startZxid()) {
        return f;
      }
    }
    return null;
  }

  private void readCurrent(List<TxnLogRecord> out, int max) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        readCurrentOnce(out, max);
        return;
      } catch (TxnLogFormatException e) {
        if (!e.mayBeTornRead() || attempt >= TORN_READ_ATTEMPTS) {
          throw e;
        }
        // the server may be writing this very record: read it again shortly
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while tailing " + current.path());
        }
      }
    }
  }

  private void readCurrentOnce(List<TxnLogRecord> out, int max) throws IOException {
    String source = current.path().toString();
    try (InputStream in = Files.newInputStream(current.path());
        TxnLogReader reader = TxnLogReader.open(in, source, true)) {
      dbid = reader.dbid();
      if (position > 0) {
        reader.skipTo(position);
      }
      TxnLogRecord rec;
      while (out.size() < max && (rec = reader.next()) != null) {
        long zxid = rec.zxid();
        if (zxid <= lastZxid) {
          position = reader.offset();
          continue;
        }
        if (!Zxid.isSuccessor(lastZxid, zxid)) {
          throw new TxnLogFormatException(
              LogProblem.Kind.ZXID_GAP,
              source,
              rec.offset(),
              zxid,
              "after "
                  + Zxid.hex(lastZxid)
                  + " comes "
                  + Zxid.hex(zxid)
                  + ": txns "
                  + Zxid.hex(lastZxid + 1)
                  + ".."
                  + Zxid.hex(zxid - 1)
                  + " are missing");
        }
        // past the record only once it is accepted: a gap is found again by the next poll
        position = reader.offset();
        out.add(rec);
        lastZxid = zxid;
      }
    }
  }
}
