package io.zkdr.agent.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.txnlog.TxnLogRecord;
import java.time.Duration;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.Test;

class SegmentCutterTest {

  private static TxnLogRecord rec(long zxid, int bytes) {
    return new TxnLogRecord(
        0, new byte[bytes], new TxnHeader(1, 1, zxid, 1000 + zxid, OpCode.setData), null, null);
  }

  @Test
  void cutsAfterTheIntervalSinceTheFirstHeldTxn() {
    SegmentCutter c = new SegmentCutter(Duration.ofMillis(1000), 100, 1 << 20);
    assertFalse(c.due(0), "nothing held, nothing due");
    c.add(rec(Zxid.of(1, 1), 10), 0);
    c.add(rec(Zxid.of(1, 2), 10), 900_000_000L);
    assertFalse(c.due(999_000_000L));
    assertTrue(c.due(1_000_000_000L));
    assertEquals(2, c.peek().size(), "peek keeps the txns");
    assertEquals(Zxid.of(1, 2), c.lastZxid(-1));
    assertEquals(2, c.take().size());
    assertTrue(c.isEmpty());
    assertEquals(7, c.lastZxid(7), "empty: the fallback");
  }

  @Test
  void cutsAtTheTxnCountAndTheByteBound() {
    SegmentCutter byCount = new SegmentCutter(Duration.ofHours(1), 3, 1 << 20);
    for (int i = 1; i <= 3; i++) {
      assertFalse(byCount.full());
      byCount.add(rec(Zxid.of(1, i), 10), 0);
    }
    assertTrue(byCount.full());
    assertTrue(byCount.due(0));

    SegmentCutter byBytes = new SegmentCutter(Duration.ofHours(1), 1000, 100);
    byBytes.add(rec(Zxid.of(1, 1), 50), 0);
    assertFalse(byBytes.full());
    byBytes.add(rec(Zxid.of(1, 2), 50), 0);
    assertTrue(byBytes.full(), "two records of 50 bytes plus framing pass 100 bytes");
  }

  @Test
  void incrementIdsNameTheirRangeInFixedWidthHex() {
    Segment s =
        new Segment(Zxid.of(1, 0xa), "p", java.util.List.of(rec(Zxid.of(2, 1), 1)), 0, "1@h:1");
    assertEquals("zk-inc-000000010000000a-0000000200000001", s.backupId("zk"));
  }
}
