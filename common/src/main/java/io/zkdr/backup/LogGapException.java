package io.zkdr.backup;

import io.zkdr.zk.Zxid;
import java.io.IOException;

/** Transactions are missing between two zxids, so the requested range cannot be captured. */
public class LogGapException extends IOException {

  private final long lastBefore;
  private final long firstAfter;

  public LogGapException(String where, long lastBefore, long firstAfter) {
    super(
        "log gap in "
            + where
            + ": txns "
            + Zxid.hex(lastBefore + 1)
            + ".."
            + Zxid.hex(firstAfter - 1)
            + " are missing (after "
            + Zxid.hex(lastBefore)
            + " comes "
            + Zxid.hex(firstAfter)
            + ")");
    this.lastBefore = lastBefore;
    this.firstAfter = firstAfter;
  }

  /** The last zxid present before the gap. */
  public long lastBefore() {
    return lastBefore;
  }

  /** The first zxid present after the gap. */
  public long firstAfter() {
    return firstAfter;
  }
}
