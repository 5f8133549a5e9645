package io.zkdr.zk.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.ZxidRange;
import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotLoader;
import io.zkdr.zk.snapshot.SnapshotWriter;
import io.zkdr.zk.txnlog.TxnLogWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.TxnDigest;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.Test;

/** Replays of hand-made logs: digests that lie, gaps, and the ranges named in refusals. */
class SyntheticReplayTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final List<org.apache.zookeeper.data.ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

  /** An empty tree as a snapshot at zxid 0. */
  private static LoadedSnapshot emptySnapshot() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotWriter.write(new DataTree(), Map.of(), -1, out);
    return SnapshotLoader.load(new ByteArrayInputStream(out.toByteArray()), "empty", 0);
  }

  /** Creates /n<zxid> for each zxid, with the true digest unless {@code lieAt} names it. */
  private static byte[] log(List<Long> zxids, long lieAt) throws IOException {
    DataTree shadow = new DataTree();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TxnLogWriter w = TxnLogWriter.open(out, 1)) {
      for (long z : zxids) {
        TxnHeader h = new TxnHeader(5, 1, z, T0 + Zxid.counter(z), OpCode.create);
        CreateTxn txn =
            new CreateTxn(
                "/n" + Long.toHexString(z), new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, false, 1);
        shadow.processTxn(h, txn);
        long digest = z == lieAt ? shadow.getTreeDigest() + 1 : shadow.getTreeDigest();
        w.append(h, txn, new TxnDigest(2, digest));
      }
    }
    return out.toByteArray();
  }

  private static ReplayResult replay(byte[] log, ReplayTarget target) throws IOException {
    try (TxnStream txns = TxnStream.of(new ByteArrayInputStream(log), "log")) {
      return TreeReplayer.replay(emptySnapshot(), txns, target, null);
    }
  }

  @Test
  void everyTxnDigestIsChecked() throws IOException {
    List<Long> zxids = List.of(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
    ReplayResult ok = replay(log(zxids, -1), ReplayTarget.end());
    assertEquals(3, ok.digestsChecked());
    assertEquals(Zxid.of(1, 3), ok.zxid());
    assertEquals(Zxid.of(1, 3), ok.tree().lastProcessedZxid);

    ReplayException e =
        assertThrows(
            ReplayException.class, () -> replay(log(zxids, Zxid.of(1, 2)), ReplayTarget.end()));
    assertEquals(ReplayException.Reason.DIGEST_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("0x100000002"), e.getMessage());
    // stopping before the lie is fine
    assertEquals(
        Zxid.of(1, 1), replay(log(zxids, Zxid.of(1, 2)), ReplayTarget.zxid(Zxid.of(1, 1))).zxid());
  }

  /**
   * A snapshot ZooKeeper wrote while applying the txn after {@code Zxid.of(1, 1)}: the digest
   * record is for that zxid, the tree already holds the next txn's node, created with {@code data}
   * (the txn's own data when {@code data} is {1}).
   */
  private static LoadedSnapshot snapshotWrittenMidTxn(byte[] data) throws Exception {
    DataTree dt = new DataTree();
    long first = Zxid.of(1, 1);
    dt.processTxn(
        new TxnHeader(5, 1, first, T0 + 1, OpCode.create),
        new CreateTxn("/n" + Long.toHexString(first), new byte[] {1}, OPEN, false, 1));
    long next = Zxid.of(1, 2);
    dt.createNode("/n" + Long.toHexString(next), data, OPEN, 0, 1, next, T0 + 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotWriter.write(dt, Map.of(), -1, out);
    return SnapshotLoader.load(new ByteArrayInputStream(out.toByteArray()), "mid-txn", first);
  }

  @Test
  void aSnapshotWrittenMidTxnIsConsistentFromTheNextTxn() throws Exception {
    List<Long> zxids = List.of(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
    byte[] log = log(zxids, -1);

    LoadedSnapshot snap = snapshotWrittenMidTxn(new byte[] {1});
    assertTrue(snap.midTxn());
    assertEquals(Zxid.of(1, 1), snap.digestZxid());
    assertEquals(Zxid.of(1, 2), snap.consistentZxid());
    try (TxnStream txns = TxnStream.of(new ByteArrayInputStream(log), "log")) {
      ReplayException early =
          assertThrows(
              ReplayException.class,
              () -> TreeReplayer.replay(snap, txns, ReplayTarget.zxid(Zxid.of(1, 1)), null));
      assertEquals(ReplayException.Reason.BEFORE_CONSISTENT, early.reason());
    }

    LoadedSnapshot again = snapshotWrittenMidTxn(new byte[] {1});
    try (TxnStream txns = TxnStream.of(new ByteArrayInputStream(log), "log")) {
      ReplayResult r = TreeReplayer.replay(again, txns, ReplayTarget.end(), null);
      assertEquals(Zxid.of(1, 3), r.zxid());
      assertEquals(2, r.digestsChecked(), "the digests of 0x100000002 and 0x100000003");
    }

    // a tree that is not the next txn half applied fails on that txn's digest
    LoadedSnapshot wrong = snapshotWrittenMidTxn(new byte[] {2});
    assertTrue(wrong.midTxn());
    try (TxnStream txns = TxnStream.of(new ByteArrayInputStream(log), "log")) {
      ReplayException e =
          assertThrows(
              ReplayException.class,
              () -> TreeReplayer.replay(wrong, txns, ReplayTarget.end(), null));
      assertEquals(ReplayException.Reason.DIGEST_MISMATCH, e.reason());
      assertTrue(e.getMessage().contains("0x100000002"), e.getMessage());
    }
  }

  @Test
  void theSnapshotItselfIsATargetWhenItIsConsistent() throws IOException {
    byte[] none = log(List.of(), -1);
    ReplayResult r = replay(none, ReplayTarget.zxid(0));
    assertEquals(0, r.zxid());
    assertEquals(0, r.txnsApplied());
    assertThrows(ReplayException.class, () -> replay(none, ReplayTarget.zxid(1)));
  }

  @Test
  void gapsAndTargetsPastTheEndNameTheReachableRange() throws IOException {
    byte[] log = log(List.of(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 5), Zxid.of(2, 1)), -1);
    assertEquals(Zxid.of(1, 2), replay(log, ReplayTarget.zxid(Zxid.of(1, 2))).zxid());
    ReplayException gap =
        assertThrows(ReplayException.class, () -> replay(log, ReplayTarget.zxid(Zxid.of(1, 5))));
    assertEquals(ReplayException.Reason.GAP, gap.reason());
    assertEquals(List.of(new ZxidRange(0, Zxid.of(1, 2))), gap.reachable());
    assertTrue(gap.getMessage().contains("0x100000003..0x100000004"), gap.getMessage());

    byte[] epochs = log(List.of(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(2, 1)), -1);
    // a zxid between the epochs that never existed: the state after the last txn before it
    assertEquals(Zxid.of(1, 2), replay(epochs, ReplayTarget.zxid(Zxid.of(1, 9))).zxid());
    ReplayException past =
        assertThrows(ReplayException.class, () -> replay(epochs, ReplayTarget.zxid(Zxid.of(2, 7))));
    assertEquals(ReplayException.Reason.PAST_END, past.reason());
    assertTrue(past.getMessage().contains("[0x0..0x200000001]"), past.getMessage());
    ReplayException late =
        assertThrows(
            ReplayException.class,
            () -> replay(epochs, ReplayTarget.time(java.time.Instant.ofEpochMilli(T0 + 99))));
    assertEquals(ReplayException.Reason.PAST_END, late.reason());
  }
}
