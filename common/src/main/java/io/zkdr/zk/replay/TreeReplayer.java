package io.zkdr.zk.replay;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.ZxidRange;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.snapshot.SnapshotLoader;
import io.zkdr.zk.txnlog.TxnLogFile;
import io.zkdr.zk.txnlog.TxnLogRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.txn.CreateSessionTxn;
import org.apache.zookeeper.txn.TxnDigest;

/**
 * Replays transactions onto a loaded snapshot up to a target, with ZooKeeper's own {@code
 * DataTree.processTxn}, and proves the result: once the snapshot is consistent, every txn that
 * carries a digest is compared with the tree's digest, and so is the snapshot's own digest when its
 * zxid is reached.
 *
 * <p>Refuses targets the inputs cannot reach (before the snapshot is consistent, past the last txn,
 * across a gap in the zxids), naming the reachable range.
 */
public final class TreeReplayer {

  /** Digest algorithm version this ZooKeeper computes; other versions are not compared. */
  private static final int DIGEST_VERSION = 2;

  /** Sees each txn right after it is applied (for tests and verification). */
  @FunctionalInterface
  public interface TxnListener {
    void applied(TxnLogRecord record, DataTree tree);
  }

  private TreeReplayer() {}

  /**
   * Replays a member's data dir to {@code target}: from the newest snapshot that is consistent at
   * or before the target (older snapshots are tried when a newer one is too late) and the logs
   * after it.
   */
  public static ReplayResult replay(ZkDataDir dir, ReplayTarget target) throws IOException {
    return replay(dir, target, null);
  }

  /** As {@link #replay(ZkDataDir, ReplayTarget)}, calling {@code listener} after each txn. */
  public static ReplayResult replay(ZkDataDir dir, ReplayTarget target, TxnListener listener)
      throws IOException {
    List<SnapshotFile> snapshots = dir.snapshots();
    List<TxnLogFile> allLogs = dir.logs();
    IOException failure = null;
    for (SnapshotFile snap : snapshots) {
      if (target instanceof ReplayTarget.AtZxid z && snap.startZxid() > z.zxid()) {
        continue;
      }
      LoadedSnapshot loaded;
      try {
        loaded = SnapshotLoader.load(snap);
      } catch (IOException e) {
        failure = addTo(failure, e);
        continue; // as ZooKeeper does: fall back to an older snapshot
      }
      try (TxnStream txns = TxnStream.ofFiles(TxnLogFile.covering(allLogs, snap.startZxid()))) {
        return replay(loaded, txns, target, listener);
      } catch (ReplayException e) {
        if (e.reason() != ReplayException.Reason.BEFORE_CONSISTENT) {
          throw e;
        }
        failure = addTo(failure, e);
      }
    }
    IOException e =
        new IOException("no snapshot in " + dir.snapDir() + " can be replayed to " + target);
    if (failure != null) {
      e.addSuppressed(failure);
    }
    throw e;
  }

  private static IOException addTo(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /**
   * Replays {@code txns} onto {@code snap} (whose tree is modified) up to {@code target}. Records
   * at or before the snapshot's start zxid are skipped.
   *
   * @param listener called after each txn applied, or {@code null}
   * @throws ReplayException if the target cannot be reached or a digest does not match
   */
  public static ReplayResult replay(
      LoadedSnapshot snap, TxnStream txns, ReplayTarget target, TxnListener listener)
      throws IOException {
    // Decoding runs ahead on another thread; the txns are still applied one by one, in order.
    try (TxnStream prefetched = new PrefetchingTxnStream(txns, "replay")) {
      return applyAll(snap, prefetched, target, listener);
    }
  }

  private static ReplayResult applyAll(
      LoadedSnapshot snap, TxnStream txns, ReplayTarget target, TxnListener listener)
      throws IOException {
    DataTree dt = snap.tree();
    Map<Long, Integer> sessions = snap.sessions();
    long start = snap.startZxid();
    long consistent = snap.consistentZxid();
    long targetZxid = target instanceof ReplayTarget.AtZxid z ? z.zxid() : Long.MAX_VALUE;
    long targetTime =
        target instanceof ReplayTarget.AtTime t ? t.time().toEpochMilli() : Long.MAX_VALUE;
    if (target instanceof ReplayTarget.AtZxid && targetZxid < consistent) {
      throw new ReplayException(
          ReplayException.Reason.BEFORE_CONSISTENT,
          "target "
              + target
              + " is before "
              + Zxid.hex(consistent)
              + ", where the snapshot "
              + Zxid.hex(start)
              + " becomes consistent",
          List.of());
    }
    long last = start;
    long lastTime = -1;
    long applied = 0;
    long digests = 0;
    boolean stoppedBeforeNext = false;
    TxnLogRecord rec;
    while ((rec = txns.next()) != null) {
      long zxid = rec.zxid();
      if (zxid <= start) {
        continue;
      }
      if (!Zxid.isSuccessor(last, zxid)) {
        if (zxid <= last) {
          throw new ReplayException(
              ReplayException.Reason.NOT_INCREASING,
              "txn " + Zxid.hex(zxid) + " follows " + Zxid.hex(last),
              reachable(consistent, last));
        }
        if (last >= targetZxid) {
          stoppedBeforeNext = true;
          break;
        }
        throw new ReplayException(
            ReplayException.Reason.GAP,
            "cannot reach "
                + target
                + ": txns "
                + Zxid.hex(last + 1)
                + ".."
                + Zxid.hex(zxid - 1)
                + " are missing",
            reachable(consistent, last));
      }
      if (zxid > targetZxid || rec.time() > targetTime) {
        stoppedBeforeNext = true;
        break;
      }
      DataTree.ZxidDigest pendingSnapshotDigest = dt.getDigestFromLoadedSnapshot();
      apply(dt, sessions, rec);
      applied++;
      last = zxid;
      lastTime = rec.time();
      if (pendingSnapshotDigest != null && pendingSnapshotDigest.getZxid() == zxid) {
        check(dt, zxid, pendingSnapshotDigest.getDigest(), "the snapshot's digest record");
        digests++;
      }
      TxnDigest digest = rec.digest();
      // From the consistent point on the tree must match every digest, even if ZooKeeper's own
      // bookkeeping still waits for a snapshot digest whose txn never came.
      if (digest != null && zxid >= consistent && digest.getVersion() == DIGEST_VERSION) {
        check(dt, zxid, digest.getTreeDigest(), "the txn's digest");
        digests++;
      }
      if (listener != null) {
        listener.applied(rec, dt);
      }
      if (zxid == targetZxid) {
        stoppedBeforeNext = true;
        break;
      }
    }
    if (last < consistent) {
      throw new ReplayException(
          ReplayException.Reason.BEFORE_CONSISTENT,
          (stoppedBeforeNext
                  ? "target " + target + " stops at " + Zxid.hex(last)
                  : "the txns end at " + Zxid.hex(last))
              + ", before "
              + Zxid.hex(consistent)
              + " where the snapshot "
              + Zxid.hex(start)
              + " becomes consistent",
          List.of());
    }
    if (target instanceof ReplayTarget.AtTime && applied == 0) {
      // A snapshot does not record when its last txn happened: without a txn at or before the
      // target time there is no proof that the snapshot itself is not later than it.
      throw new ReplayException(
          ReplayException.Reason.BEFORE_CONSISTENT,
          "no txn after snapshot "
              + Zxid.hex(start)
              + " is at or before "
              + target
              + ", so the snapshot may be later than the target",
          List.of());
    }
    boolean reached = stoppedBeforeNext || last == targetZxid;
    if (!reached && !(target instanceof ReplayTarget.AtEnd)) {
      throw new ReplayException(
          ReplayException.Reason.PAST_END,
          "target "
              + target
              + " is past the last txn "
              + Zxid.hex(last)
              + (lastTime >= 0 ? " (" + Instant.ofEpochMilli(lastTime) + ")" : ""),
          reachable(consistent, last));
    }
    dt.lastProcessedZxid = last;
    return new ReplayResult(
        dt, sessions, last, applied, lastTime, digests, consistent, dt.getTreeDigest());
  }

  private static List<ZxidRange> reachable(long consistent, long last) {
    return last >= consistent ? List.of(new ZxidRange(consistent, last)) : List.of();
  }

  private static void apply(DataTree dt, Map<Long, Integer> sessions, TxnLogRecord rec) {
    // as FileTxnSnapLog.processTransaction: keep the session table in step with the tree
    switch (rec.type()) {
      case OpCode.createSession ->
          sessions.put(rec.header().getClientId(), ((CreateSessionTxn) rec.txn()).getTimeOut());
      case OpCode.closeSession -> sessions.remove(rec.header().getClientId());
      default -> {
        // tree-only txn
      }
    }
    dt.processTxn(rec.header(), rec.txn());
  }

  private static void check(DataTree dt, long zxid, long expected, String what)
      throws ReplayException {
    long actual = dt.getTreeDigest();
    if (actual != expected) {
      throw new ReplayException(
          ReplayException.Reason.DIGEST_MISMATCH,
          "tree digest "
              + actual
              + " after "
              + Zxid.hex(zxid)
              + " differs from "
              + what
              + " "
              + expected,
          List.of());
    }
  }
}
