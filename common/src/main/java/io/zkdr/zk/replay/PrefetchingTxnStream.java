package io.zkdr.zk.replay;

import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes records on a background thread, a batch at a time, so that checksums,
 * decompression and deserialization run on one core while the tree is changed on another. Replay
 * applies txns strictly one after the other; only the reading is moved. Errors surface from {@link
 * #next()} at the record where the source failed, exactly as without prefetching.
 *
 * <p>{@link #close()} stops the reader thread but leaves the source open: its owner closes it.
 */
final class PrefetchingTxnStream implements TxnStream {
  private static final int BATCH = 256;
  private static final int BATCHES_AHEAD = 8;
  private static final Object END = new Object();

  private final TxnStream source;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
  private final Thread reader;
  private volatile boolean stopped;
  private List<TxnLogRecord> batch = List.of();
  private int position;
  private boolean ended;

  PrefetchingTxnStream(TxnStream source, String name) {
    this.source = source;
    this.reader = new Thread(this::readAll, "txn-prefetch " + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void readAll() {
    Object last = END;
    List<TxnLogRecord> pending = new ArrayList<>(BATCH);
    try {
      TxnLogRecord rec;
      while (!stopped && (rec = source.next()) != null) {
        pending.add(rec);
        if (pending.size() == BATCH) {
          if (!hand(pending)) {
            return;
          }
          pending = new ArrayList<>(BATCH);
        }
      }
    } catch (IOException | RuntimeException e) {
      last = e;
    }
    // the records read before a failure come first, then the failure (or the end)
    if (!pending.isEmpty() && !hand(pending)) {
      return;
    }
    hand(last);
  }

  /** Queues an item; false when the consumer went away. */
  private boolean hand(Object item) {
    try {
      while (!stopped) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  public TxnLogRecord next() throws IOException {
    while (position == batch.size()) {
      if (ended) {
        return null;
      }
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for txn records");
      }
      if (item == END) {
        ended = true;
        return null;
      }
      if (item instanceof IOException e) {
        ended = true;
        throw e;
      }
      if (item instanceof RuntimeException e) {
        ended = true;
        throw e;
      }
      batch = (List<TxnLogRecord>) item;
      position = 0;
    }
    return batch.get(position++);
  }

  /** Whether the reader thread still runs (for tests). */
  boolean readerAlive() {
    return reader.isAlive();
  }

  @Override
  public void close() throws IOException {
    stopped = true;
    queue.clear();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the txn reader");
    }
  }
}
