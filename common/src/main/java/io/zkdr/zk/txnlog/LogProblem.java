package io.zkdr.zk.txnlog;

import io.zkdr.zk.Zxid;
import java.nio.file.Path;

/**
 * One finding of a transaction-log check.
 *
 * @param kind what is wrong (or noteworthy)
 * @param severity how much it matters
 * @param file the log file, or {@code null} for a stream
 * @param offset byte offset of the record in the file, -1 when not tied to a record
 * @param zxid the zxid of the record involved, -1 when unknown
 * @param message a sentence for operators
 */
public record LogProblem(
    Kind kind, Severity severity, Path file, long offset, long zxid, String message) {

  /** What a finding is about. */
  public enum Kind {
    /** The file header is not {@code ZKLG}, version 2, or is cut short. */
    BAD_HEADER,
    /** A record's Adler32 does not match its bytes. */
    BAD_CRC,
    /** A record length is negative or implausibly large. */
    BAD_LENGTH,
    /** A record is cut short (where that is not the normal end of a live log). */
    TRUNCATED_RECORD,
    /** A record is not followed by its end-of-record byte {@code 'B'}. */
    BAD_END_OF_RECORD,
    /** The txn type is not one ZooKeeper knows. */
    UNKNOWN_TXN_TYPE,
    /** The record's bytes do not decode as a txn. */
    UNDECODABLE_TXN,
    /** zxids skip within an epoch: transactions are missing. */
    ZXID_GAP,
    /** A zxid is not larger than the one before it. */
    ZXID_NOT_INCREASING,
    /** A txn's time is earlier than the previous txn's. */
    TIME_BACKWARDS,
    /** A new leader epoch starts (legal). */
    EPOCH_CHANGE,
    /** Non-zero bytes follow the end of the log (hidden records or corruption). */
    DATA_AFTER_END,
    /** A file's database id differs from the previous file's. */
    DBID_CHANGE,
    /** The zxid in the file name is not the file's first zxid. */
    NAME_MISMATCH,
    /** A half-written record ends the newest log: the normal state of a live log (legal). */
    LIVE_TAIL
  }

  /** How much a finding matters. */
  public enum Severity {
    INFO,
    WARNING,
    ERROR
  }

  @Override
  public String toString() {
    return severity
        + " "
        + kind
        + (file != null ? " " + file.getFileName() : "")
        + (offset >= 0 ? " @" + offset : "")
        + (zxid >= 0 ? " zxid " + Zxid.hex(zxid) : "")
        + ": "
        + message;
  }
}
