package io.zkdr.backup;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.txnlog.TxnLogFile;
import io.zkdr.zk.txnlog.TxnLogFormatException;
import io.zkdr.zk.txnlog.TxnLogReader;
import io.zkdr.zk.txnlog.TxnLogRecord;
import io.zkdr.zk.txnlog.TxnLogWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import org.apache.zookeeper.txn.TxnDigest;

/**
 * Copies the txns in {@code (after, upto]} from a data dir's log files into one txn-log stream,
 * checking every record (checksum, decoding) and the continuity of the zxids on the way.
 */
final class LogRangeCopier {

  /**
   * What was copied.
   *
   * @param count txns copied
   * @param firstZxid first zxid copied, -1 if none
   * @param lastZxid last zxid copied, -1 if none
   * @param firstTime time of the first txn, -1 if none
   * @param lastTime time of the last txn, -1 if none
   * @param lastDigest the newest digest recorded with a copied txn, or null (not every txn carries
   *     one: the last txn copied may have none)
   * @param lastDigestZxid the zxid of the txn that carried {@code lastDigest}, -1 if none
   * @param highestSeen highest zxid read from the logs (copied or not), -1 if none
   * @param dbid database id of the logs (0 when there is no log)
   */
  record Copied(
      long count,
      long firstZxid,
      long lastZxid,
      long firstTime,
      long lastTime,
      TxnDigest lastDigest,
      long lastDigestZxid,
      long highestSeen,
      long dbid) {}

  /** Reads of a live log's damaged-looking record before it counts as damage. */
  static final int TORN_READ_ATTEMPTS = 5;

  private LogRangeCopier() {}

  private static void sleep(String where) throws IOException {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while re-reading " + where);
    }
  }

  /**
   * Copies {@code (after, upto]}; {@code upto = Long.MAX_VALUE} copies to the end of the logs. The
   * last file is taken to be live.
   *
   * @throws LogGapException if zxids are missing inside the range
   * @throws IOException if a record is damaged (with file and offset), or {@code upto} is past the
   *     end of the logs
   */
  static Copied copy(List<TxnLogFile> logs, long after, long upto, OutputStream out)
      throws IOException {
    TxnLogWriter writer = null;
    long count = 0;
    long first = -1;
    long last = after;
    long firstTime = -1;
    long lastTime = -1;
    long highest = -1;
    long dbid = 0;
    TxnDigest lastDigest = null;
    long lastDigestZxid = -1;
    boolean reachedUpto = false;
    String where = "";
    try {
      for (int i = 0; i < logs.size() && !reachedUpto; i++) {
        TxnLogFile f = logs.get(i);
        where = f.path().toString();
        boolean live = i == logs.size() - 1;
        long resumeAfter = Long.MIN_VALUE;
        for (int attempt = 1; ; attempt++) {
          try (InputStream in = Files.newInputStream(f.path());
              TxnLogReader reader = TxnLogReader.open(in, where, live)) {
            if (writer == null) {
              dbid = reader.dbid();
              writer = TxnLogWriter.open(out, dbid);
            }
            TxnLogRecord rec;
            while ((rec = reader.next()) != null) {
              long zxid = rec.zxid();
              highest = Math.max(highest, zxid);
              if (zxid <= after || zxid <= resumeAfter) {
                continue;
              }
              if (zxid > upto) {
                reachedUpto = true;
                break;
              }
              if (!Zxid.isSuccessor(last, zxid)) {
                if (zxid <= last) {
                  throw new IOException(
                      where
                          + " at offset "
                          + rec.offset()
                          + ": zxid "
                          + Zxid.hex(zxid)
                          + " follows "
                          + Zxid.hex(last));
                }
                throw new LogGapException(where, last, zxid);
              }
              writer.append(rec);
              count++;
              if (first < 0) {
                first = zxid;
                firstTime = rec.time();
              }
              last = zxid;
              lastTime = rec.time();
              if (rec.digest() != null) {
                lastDigest = rec.digest();
                lastDigestZxid = zxid;
              }
            }
            break;
          } catch (TxnLogFormatException e) {
            if (!live || !e.mayBeTornRead() || attempt >= TORN_READ_ATTEMPTS) {
              throw e;
            }
            // the server may be writing this very record: read the file again shortly
            resumeAfter = last;
            sleep(where);
          }
        }
      }
      if (writer == null) {
        writer = TxnLogWriter.open(out, dbid);
      }
      writer.flush();
    } finally {
      if (writer != null) {
        writer.close();
      } else {
        out.close();
      }
    }
    if (upto != Long.MAX_VALUE && !reachedUpto && last < upto) {
      throw new IOException(
          "the logs end at "
              + Zxid.hex(Math.max(last, highest))
              + ", before the requested "
              + Zxid.hex(upto));
    }
    return new Copied(
        count,
        first,
        count == 0 ? -1 : last,
        firstTime,
        lastTime,
        lastDigest,
        lastDigestZxid,
        highest,
        dbid);
  }
}
