package io.zkdr.zk.replay;

import io.zkdr.zk.txnlog.TxnLogFile;
import io.zkdr.zk.txnlog.TxnLogReader;
import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Transaction records in zxid order from one or more sources (log files of a data dir, sections of
 * backup artifacts).
 */
public interface TxnStream extends AutoCloseable {

  /** The next record, or {@code null} at the end. */
  TxnLogRecord next() throws IOException;

  @Override
  void close() throws IOException;

  /**
   * The records of a data dir's log files, in order; the last file is live (a record cut short at
   * its end is the end of the data, and a damaged-looking record in it is read again before it
   * counts as damage).
   */
  static TxnStream ofFiles(List<TxnLogFile> files) {
    List<Opener> openers = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      TxnLogFile f = files.get(i);
      boolean live = i == files.size() - 1;
      openers.add(
          () -> TxnLogReader.open(Files.newInputStream(f.path()), f.path().toString(), live));
    }
    return new ConcatenatedTxnStream(openers, true);
  }

  /** The records of log-format streams opened one after the other, none of them live. */
  static TxnStream ofReaders(List<Opener> openers) {
    return new ConcatenatedTxnStream(openers, false);
  }

  /** A single log-format stream that is not live. */
  static TxnStream of(InputStream in, String source) {
    return new ConcatenatedTxnStream(List.of(() -> TxnLogReader.open(in, source, false)), false);
  }

  /** Opens one reader when the stream gets to it. */
  @FunctionalInterface
  interface Opener {
    TxnLogReader open() throws IOException;
  }
}
