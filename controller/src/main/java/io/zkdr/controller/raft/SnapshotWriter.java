package io.zkdr.controller.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Raft snapshots beside Ratis' apply thread. A RocksDB checkpoint of a large catalog takes
 * seconds (memtable flush, file links, syncs); written on the apply thread it held every write for
 * that long, on all three members at once, since they reach the snapshot threshold at the same
 * index.
 *
 * <p>{@link #poll} starts a checkpoint and answers -1 ("no snapshot yet"); Ratis asks again and
 * gets the index once the checkpoint is in place, and only then purges its log up to it. Ratis asks
 * after its applies, so a finished checkpoint also calls {@code onWritten}, which asks Ratis to ask
 * now: without it, a group that has gone quiet would keep the checkpoint unreported, and its log
 * unpurged, until the next write. Applies go on meanwhile, so a checkpoint may hold entries past
 * the index it is named for; that is safe because the catalog records its applied index in every
 * write batch and skips entries it already holds when they are replayed after a restart or a
 * snapshot install.
 */
final class SnapshotWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

  /** Writes the snapshot named {@code ti}. */
  @FunctionalInterface
  interface Write {
    void write(TermIndex ti) throws IOException;
  }

  private final ExecutorService executor;
  private final Runnable onWritten;
  private CompletableFuture<TermIndex> running;

  /**
   * Set when a write ends and {@code onWritten} asks for a poll; that asked-for poll may come after
   * the snapshot was already reported, and must not start another then.
   */
  private final AtomicBoolean pollRequested = new AtomicBoolean();

  /**
   * @param name thread name prefix
   * @param onWritten run after each write ends, well or not (on the writer's thread, or on the
   *     polling one if the write was already over): it should make Ratis poll soon, and must not
   *     block
   */
  SnapshotWriter(String name, Runnable onWritten) {
    this.onWritten = onWritten;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-snapshot");
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether no snapshot is being written or waiting to be reported. */
  synchronized boolean idle() {
    return running == null;
  }

  /**
   * The index of the snapshot finished since the last call; or, when none runs, starts {@code
   * write} for {@code last} and answers -1, as it does while one runs. The first call after a write
   * ended that finds nothing to report is taken for the poll {@code onWritten} asked for, and
   * answers -1 without starting a write.
   *
   * @throws IOException when the finished snapshot failed (the next call starts another)
   */
  synchronized long poll(TermIndex last, Write write) throws IOException {
    if (running == null && pollRequested.getAndSet(false)) {
      return -1;
    }
    if (running != null) {
      if (!running.isDone()) {
        return -1;
      }
      CompletableFuture<TermIndex> done = running;
      running = null;
      try {
        return done.join().getIndex();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e;
        throw new IOException("snapshot failed: " + cause.getMessage(), cause);
      }
    }
    running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                write.write(last);
                return last;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            executor);
    running.whenComplete((ti, e) -> written());
    return -1;
  }

  // Not synchronized: close() holds nothing while it waits for the write that calls this.
  private void written() {
    pollRequested.set(true);
    try {
      onWritten.run();
    } catch (RuntimeException e) {
      LOG.warn("could not ask for the written snapshot to be picked up; the next apply will", e);
    }
  }

  /** Waits for a snapshot being written (the catalog closes after this), then stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
        LOG.warn("a snapshot was still being written after 5 minutes; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
