package io.zkdr.artifact;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compresses (and optionally encrypts) raw chunks on a small thread pool and hands them, in order,
 * to a {@link Sink} on the caller's thread. Memory is bounded: a fixed set of slots (raw +
 * compressed buffer each) cycles between the caller filling one and the pool compressing the
 * others; when all are busy the caller waits for the oldest and writes it out.
 *
 * <p>Not thread-safe: one producer thread calls {@link #buffer}, {@link #submit} and {@link
 * #finish}.
 */
final class ParallelChunkCompressor implements AutoCloseable {

  /** Receives compressed chunks in index order. */
  interface Sink {
    void accept(int index, int rawLength, byte[] compressed, int compressedLength, int crc)
        throws IOException;
  }

  private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

  private final int level;
  private final ChunkCipher cipher;
  private final Sink sink;
  private final ExecutorService pool;
  private final ArrayDeque<Slot> free = new ArrayDeque<>();
  private final ArrayDeque<Future<Slot>> inFlight = new ArrayDeque<>();
  private Slot current;
  private int nextIndex;

  /**
   * @param cipher encrypts each compressed chunk, or null to store chunks unencrypted
   */
  ParallelChunkCompressor(
      int chunkSize, int level, ChunkCipher cipher, int threads, int slots, Sink sink) {
    this.level = level;
    this.cipher = cipher;
    this.sink = sink;
    int bound = (int) Zstd.compressBound(chunkSize);
    for (int i = 0; i < slots; i++) {
      free.add(
          new Slot(
              new byte[chunkSize],
              new byte[bound],
              cipher == null ? null : new byte[ChunkCipher.sealedLength(bound)]));
    }
    int poolId = POOL_COUNTER.incrementAndGet();
    AtomicInteger threadCounter = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t =
                  new Thread(r, "zkdr-compress-" + poolId + "-" + threadCounter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The raw buffer to fill next (waits for a free slot if needed). */
  byte[] buffer() throws IOException {
    if (current == null) {
      if (free.isEmpty()) {
        drainOldest();
      }
      current = free.poll();
    }
    return current.raw;
  }

  /** Queues the current buffer, holding {@code rawLength} bytes, for compression. */
  void submit(int rawLength) throws IOException {
    if (current == null || rawLength <= 0) {
      throw new IllegalStateException("no filled buffer to submit");
    }
    Slot slot = current;
    current = null;
    slot.index = nextIndex++;
    slot.rawLength = rawLength;
    inFlight.add(pool.submit(() -> compress(slot)));
  }

  /** Waits for every queued chunk and writes it to the sink. */
  void finish() throws IOException {
    while (!inFlight.isEmpty()) {
      drainOldest();
    }
  }

  /** Chunks submitted so far. */
  int submitted() {
    return nextIndex;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    inFlight.clear();
  }

  private Slot compress(Slot slot) {
    long n =
        Zstd.compressByteArray(
            slot.compressed, 0, slot.compressed.length, slot.raw, 0, slot.rawLength, level);
    if (Zstd.isError(n)) {
      throw new IllegalStateException(
          "zstd failed on chunk " + slot.index + ": " + Zstd.getErrorName(n));
    }
    slot.compressedLength = (int) n;
    slot.stored = slot.compressed;
    if (cipher != null) {
      try {
        slot.compressedLength =
            cipher.encrypt(
                slot.index, slot.rawLength, slot.compressed, slot.compressedLength, slot.sealed);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("encrypting chunk " + slot.index + " failed", e);
      }
      slot.stored = slot.sealed;
    }
    slot.crc = DataFileFormat.crc(slot.stored, 0, slot.compressedLength);
    return slot;
  }

  private void drainOldest() throws IOException {
    Future<Slot> oldest = inFlight.poll();
    if (oldest == null) {
      throw new IllegalStateException("no chunk in flight and no free buffer");
    }
    Slot slot;
    try {
      slot = oldest.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing artifact chunks");
    } catch (ExecutionException e) {
      throw new IOException("compressing a chunk failed: " + e.getCause(), e.getCause());
    }
    sink.accept(slot.index, slot.rawLength, slot.stored, slot.compressedLength, slot.crc);
    free.add(slot);
  }

  private static final class Slot {
    final byte[] raw;
    final byte[] compressed;
    final byte[] sealed;
    byte[] stored;
    int index;
    int rawLength;
    int compressedLength;
    int crc;

    Slot(byte[] raw, byte[] compressed, byte[] sealed) {
      this.raw = raw;
      this.compressed = compressed;
      this.sealed = sealed;
    }
  }
}
