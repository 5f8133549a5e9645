package io.zkdr.zk.txnlog;

import io.zkdr.zk.Zxid;
import java.io.IOException;

/** A transaction log that cannot be read on, with where and why. */
public class TxnLogFormatException extends IOException {

  private final LogProblem.Kind kind;
  private final String source;
  private final long offset;
  private final long zxid;

  public TxnLogFormatException(
      LogProblem.Kind kind, String source, long offset, long zxid, String message) {
    this(kind, source, offset, zxid, message, null);
  }

  public TxnLogFormatException(
      LogProblem.Kind kind,
      String source,
      long offset,
      long zxid,
      String message,
      Throwable cause) {
    super(
        kind
            + " in "
            + source
            + " at offset "
            + offset
            + (zxid >= 0 ? " (zxid " + Zxid.hex(zxid) + ")" : "")
            + ": "
            + message,
        cause);
    this.kind = kind;
    this.source = source;
    this.offset = offset;
    this.zxid = zxid;
  }

  /**
   * Whether a reader of a log that a server is writing may have caught a record half copied into
   * the page cache (the write completes a moment later). Such a finding in a live log is checked
   * again by re-reading before it counts as damage.
   */
  public boolean mayBeTornRead() {
    return switch (kind) {
      case BAD_CRC, BAD_END_OF_RECORD, BAD_LENGTH, UNDECODABLE_TXN, UNKNOWN_TXN_TYPE -> true;
      default -> false;
    };
  }

  public LogProblem.Kind kind() {
    return kind;
  }

  public String source() {
    return source;
  }

  public long offset() {
    return offset;
  }

  public long zxid() {
    return zxid;
  }
}
