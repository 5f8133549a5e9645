package io.zkdr.zk.snapshot;

import java.io.IOException;

/** A snapshot stream that is not what it should be, with where. */
public class SnapshotFormatException extends IOException {

  private final String source;
  private final long offset;

  public SnapshotFormatException(String source, long offset, String message, Throwable cause) {
    super("snapshot " + source + " at offset " + offset + ": " + message, cause);
    this.source = source;
    this.offset = offset;
  }

  public SnapshotFormatException(String source, long offset, String message) {
    this(source, offset, message, null);
  }

  public String source() {
    return source;
  }

  /** Offset in the decompressed stream. */
  public long offset() {
    return offset;
  }
}
