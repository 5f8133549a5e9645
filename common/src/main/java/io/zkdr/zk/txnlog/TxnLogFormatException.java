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
