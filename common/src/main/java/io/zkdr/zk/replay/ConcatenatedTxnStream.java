package io.zkdr.zk.replay;

import io.zkdr.zk.txnlog.TxnLogFormatException;
import io.zkdr.zk.txnlog.TxnLogReader;
import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * Reads several log streams one after the other, opening each only when it is reached. When the
 * last stream is a live log, a damaged-looking record in it is read again a few times before it
 * counts as damage: the server may have been copying it to disk at that moment.
 */
final class ConcatenatedTxnStream implements TxnStream {

  private static final int TORN_READ_ATTEMPTS = 5;

  private final List<TxnStream.Opener> openers;
  private final boolean lastIsLive;
  private int nextIndex;
  private TxnLogReader current;
  private long lastReturned = Long.MIN_VALUE;
  private int attempts;

  ConcatenatedTxnStream(List<TxnStream.Opener> openers, boolean lastIsLive) {
    this.openers = List.copyOf(openers);
    this.lastIsLive = lastIsLive;
  }

  @Override
  public TxnLogRecord next() throws IOException {
    while (true) {
      if (current == null) {
        if (nextIndex >= openers.size()) {
          return null;
        }
        current = openers.get(nextIndex++).open();
      }
      TxnLogRecord rec;
      try {
        rec = current.next();
      } catch (TxnLogFormatException e) {
        boolean live = lastIsLive && nextIndex == openers.size();
        if (!live || !e.mayBeTornRead() || ++attempts >= TORN_READ_ATTEMPTS) {
          throw e;
        }
        reopenLast();
        continue;
      }
      if (rec == null) {
        current.close();
        current = null;
        continue;
      }
      if (attempts > 0 && rec.zxid() <= lastReturned) {
        continue; // already returned before the re-read
      }
      attempts = 0;
      lastReturned = rec.zxid();
      return rec;
    }
  }

  private void reopenLast() throws IOException {
    current.close();
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while re-reading " + current.source());
    }
    current = openers.get(openers.size() - 1).open();
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
    nextIndex = openers.size();
  }
}
