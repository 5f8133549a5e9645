package io.zkdr.zk.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.Test;

class PrefetchingTxnStreamTest {

  /** Records with zxids 1..count; throws {@code failure} instead of record {@code failAt}. */
  private static final class CountingSource implements TxnStream {
    private final int count;
    private final int failAt;
    private final IOException failure;
    private int next = 1;
    final AtomicBoolean closed = new AtomicBoolean();

    CountingSource(int count, int failAt, IOException failure) {
      this.count = count;
      this.failAt = failAt;
      this.failure = failure;
    }

    @Override
    public TxnLogRecord next() throws IOException {
      if (next == failAt) {
        throw failure;
      }
      if (next > count) {
        return null;
      }
      TxnHeader h = new TxnHeader(1, 1, next, next, 1);
      next++;
      return new TxnLogRecord(0, new byte[0], h, null, null);
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void deliversEveryRecordInOrderAcrossBatches() throws IOException {
    CountingSource source = new CountingSource(1000, -1, null);
    try (PrefetchingTxnStream s = new PrefetchingTxnStream(source, "test")) {
      for (int i = 1; i <= 1000; i++) {
        assertEquals(i, s.next().zxid());
      }
      assertNull(s.next());
      assertNull(s.next());
    }
    assertFalse(source.closed.get(), "the owner closes the source");
  }

  @Test
  void aSourceErrorSurfacesAfterTheRecordsBeforeIt() throws IOException {
    IOException boom = new IOException("bad CRC at offset 4711");
    try (PrefetchingTxnStream s =
        new PrefetchingTxnStream(new CountingSource(1000, 300, boom), "t")) {
      for (int i = 1; i < 300; i++) {
        assertEquals(i, s.next().zxid());
      }
      assertSame(boom, assertThrows(IOException.class, s::next));
    }
  }

  @Test
  void closingEarlyStopsTheReader() throws IOException {
    PrefetchingTxnStream s = new PrefetchingTxnStream(new CountingSource(1_000_000, -1, null), "t");
    assertEquals(1, s.next().zxid());
    s.close();
    assertFalse(s.readerAlive(), "the reader thread ended with close()");
  }
}
