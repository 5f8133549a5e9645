package io.zkdr.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The raw bytes of one section, decompressed chunk by chunk from a range read of {@code data.zkdr}
 * that starts at the chunk holding the section's first byte. Every chunk is checked (CRC32C,
 * lengths, manifest agreement) before any of its bytes are returned.
 *
 * <p>While the caller consumes one chunk, the next one is read, checked and decompressed on a
 * background thread into a second buffer, so decompression overlaps with whatever the caller does
 * with the bytes (loading a snapshot, replaying txns). The frame stream is only ever touched by one
 * thread at a time: the next read is submitted after the previous one completed.
 */
final class SectionInputStream extends InputStream {
  private final InputStream frames;
  private final ExecutorService prefetcher;
  private final ChunkFrameReader[] readers;
  private final List<ArtifactManifest.Chunk> chunks;
  private final int lastChunk;
  private int nextChunk;
  private int nextReader;
  private Future<Integer> pending;
  private byte[] current;
  private int skipInNext;
  private long remaining;
  private int position;
  private int limit;
  private boolean closed;

  /**
   * @param frames the data object from the frame of chunk {@code firstChunk} on
   * @param readers two frame readers (their buffers alternate between caller and prefetcher)
   * @param skip raw bytes of the first chunk that precede the section
   * @param length the section's raw length
   */
  SectionInputStream(
      InputStream frames,
      ExecutorService prefetcher,
      ChunkFrameReader[] readers,
      List<ArtifactManifest.Chunk> chunks,
      int firstChunk,
      int lastChunk,
      int skip,
      long length) {
    this.frames = frames;
    this.prefetcher = prefetcher;
    this.readers = readers;
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
    return current[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = (int) Math.min(Math.min(len, limit - position), remaining);
    System.arraycopy(current, position, b, off, n);
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
    if (closed) {
      return;
    }
    closed = true;
    remaining = 0;
    if (pending != null) {
      pending.cancel(true);
      try {
        pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | CancellationException e) {
        // Being closed: whatever the prefetch found no longer matters.
      }
      pending = null;
    }
    frames.close();
  }

  private boolean fill() throws IOException {
    if (closed) {
      throw new IOException("section stream is closed");
    }
    if (remaining <= 0) {
      return false;
    }
    while (position >= limit) {
      if (pending == null) {
        if (nextChunk > lastChunk) {
          // The manifest layout check makes this unreachable; never return short data silently.
          throw new IllegalStateException("section ran past its last chunk " + lastChunk);
        }
        submitNext();
      }
      ChunkFrameReader reader = readers[(nextReader + 1) % 2];
      int raw = await();
      current = reader.raw();
      position = skipInNext;
      limit = raw;
      skipInNext = 0;
      // Start on the following chunk while the caller consumes this one.
      if (nextChunk <= lastChunk && remaining > limit - position) {
        submitNext();
      }
    }
    return true;
  }

  private void submitNext() {
    ChunkFrameReader reader = readers[nextReader];
    ArtifactManifest.Chunk chunk = chunks.get(nextChunk++);
    nextReader = (nextReader + 1) % 2;
    pending = prefetcher.submit(() -> reader.read(frames, chunk));
  }

  private int await() throws IOException {
    Future<Integer> f = pending;
    pending = null;
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new InterruptedIOException("interrupted while reading an artifact section");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException("reading an artifact chunk failed: " + cause, cause);
    }
  }
}
