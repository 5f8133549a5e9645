package io.zkdr.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The raw bytes of one section, decompressed chunk by chunk from a range read of {@code data.zkdr}
 * that starts at the chunk holding the section's first byte. Every chunk is checked (CRC32C,
 * lengths, manifest agreement) before any of its bytes are returned.
 */
final class SectionInputStream extends InputStream {
  private final InputStream frames;
  private final ChunkFrameReader reader;
  private final List<ArtifactManifest.Chunk> chunks;
  private int nextChunk;
  private final int lastChunk;
  private int skipInNext;
  private long remaining;
  private int position;
  private int limit;

  /**
   * @param frames the data object from the frame of chunk {@code firstChunk} on
   * @param skip raw bytes of the first chunk that precede the section
   * @param length the section's raw length
   */
  SectionInputStream(
      InputStream frames,
      ChunkFrameReader reader,
      List<ArtifactManifest.Chunk> chunks,
      int firstChunk,
      int lastChunk,
      int skip,
      long length) {
    this.frames = frames;
    this.reader = reader;
    this.chunks = chunks;
    this.nextChunk = firstChunk;
    this.lastChunk = lastChunk;
    this.skipInNext = skip;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    remaining--;
    return reader.raw()[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = (int) Math.min(Math.min(len, limit - position), remaining);
    System.arraycopy(reader.raw(), position, b, off, n);
    position += n;
    remaining -= n;
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(limit - position, remaining);
  }

  @Override
  public void close() throws IOException {
    remaining = 0;
    frames.close();
  }

  private boolean fill() throws IOException {
    if (remaining <= 0) {
      return false;
    }
    while (position >= limit) {
      if (nextChunk > lastChunk) {
        // The manifest layout check makes this unreachable; never return short data silently.
        throw new IllegalStateException("section ran past its last chunk " + lastChunk);
      }
      int raw = reader.read(frames, chunks.get(nextChunk++));
      position = skipInNext;
      limit = raw;
      skipInNext = 0;
    }
    return true;
  }
}
