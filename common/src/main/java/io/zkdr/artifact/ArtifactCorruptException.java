package io.zkdr.artifact;

import java.io.IOException;

/**
 * An artifact whose bytes or manifest are damaged, truncated or inconsistent. The message names the
 * artifact, the chunk (when one is involved), the byte offset in {@code data.zkdr} and what was
 * expected versus found.
 */
public class ArtifactCorruptException extends IOException {
  /** Chunk index when the damage is in or about a chunk, -1 otherwise. */
  private final int chunkIndex;

  /** Byte offset in {@code data.zkdr} where the damage was found, -1 when not applicable. */
  private final long offset;

  public ArtifactCorruptException(String artifact, int chunkIndex, long offset, String detail) {
    this(artifact, chunkIndex, offset, detail, null);
  }

  public ArtifactCorruptException(
      String artifact, int chunkIndex, long offset, String detail, Throwable cause) {
    super(message(artifact, chunkIndex, offset, detail), cause);
    this.chunkIndex = chunkIndex;
    this.offset = offset;
  }

  private static String message(String artifact, int chunkIndex, long offset, String detail) {
    StringBuilder m = new StringBuilder("artifact ").append(artifact).append(" is corrupt");
    if (chunkIndex >= 0) {
      m.append(", chunk ").append(chunkIndex);
    }
    if (offset >= 0) {
      m.append(", data.zkdr offset ").append(offset);
    }
    return m.append(": ").append(detail).toString();
  }

  /** The chunk index involved, or -1. */
  public int chunkIndex() {
    return chunkIndex;
  }

  /** The byte offset in {@code data.zkdr}, or -1. */
  public long offset() {
    return offset;
  }
}
