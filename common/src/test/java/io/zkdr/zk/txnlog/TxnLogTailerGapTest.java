package io.zkdr.zk.txnlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkdr.testing.TestDirs;
import io.zkdr.zk.Zxid;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tailer that meets a gap hands out the txns before it, then reports the gap on every poll. */
class TxnLogTailerGapTest {

  private static final long T0 = 1_700_000_000_000L;

  private static void log(Path dir, long... zxids) throws IOException {
    try (OutputStream out =
            Files.newOutputStream(dir.resolve("log." + Long.toHexString(zxids[0])));
        TxnLogWriter w = TxnLogWriter.open(out, 3)) {
      for (long z : zxids) {
        SyntheticLogTest.create(w, z, T0 + z, "/n" + Zxid.counter(z));
      }
    }
  }

  @Test
  void txnsBeforeAGapComeFirstThenTheGapIsReportedAgainUntilSkipped() throws IOException {
    Path dir = TestDirs.create("tailer-gap");
    log(dir, Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
    log(dir, Zxid.of(1, 7), Zxid.of(1, 8));
    TxnLogTailer tailer = new TxnLogTailer(dir, 0);
    List<TxnLogRecord> before = tailer.poll(100);
    assertEquals(List.of(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3)), zxids(before));
    assertEquals(3, tailer.dbid());
    for (int i = 0; i < 2; i++) {
      TxnLogFormatException gap = assertThrows(TxnLogFormatException.class, () -> tailer.poll(100));
      assertEquals(LogProblem.Kind.ZXID_GAP, gap.kind());
      assertEquals(Zxid.of(1, 7), gap.zxid());
      assertEquals(Zxid.of(1, 3), tailer.lastZxid());
    }
    TxnLogTailer after = new TxnLogTailer(dir, Zxid.of(1, 7) - 1);
    assertEquals(List.of(Zxid.of(1, 7), Zxid.of(1, 8)), zxids(after.poll(100)));
  }

  private static List<Long> zxids(List<TxnLogRecord> records) {
    return records.stream().map(TxnLogRecord::zxid).toList();
  }
}
