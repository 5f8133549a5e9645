package io.zkdr.zk.replay;

import io.zkdr.zk.txnlog.TxnLogReader;
import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.util.List;

/** Reads several log streams one after the other, opening each only when it is reached. */
final class ConcatenatedTxnStream implements TxnStream {

  private final List<TxnStream.Opener> openers;
  private int nextIndex;
  private TxnLogReader current;

  ConcatenatedTxnStream(List<TxnStream.Opener> openers) {
    this.openers = List.copyOf(openers);
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
      TxnLogRecord rec = current.next();
      if (rec != null) {
        return rec;
      }
      current.close();
      current = null;
    }
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
