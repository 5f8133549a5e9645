package io.zkdr.zk.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.RecordedSource;
import io.zkdr.testing.RecordedSource.QuietPoint;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.testing.ZnodeTree;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.DataDirWriter;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.snapshot.SnapshotLoader;
import io.zkdr.zk.txnlog.TxnLogFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.DataTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The round trip on real servers: a 3-member quorum with digests on takes a varied load, loses its
 * leader (the epoch moves) and takes more load. One surviving member's data dir is then replayed
 * and compared with the live servers' digest history, and restored at several zxids into fresh
 * quorums whose every znode is compared with what the source had at that zxid.
 *
 * <p>"What the source had at a zxid" comes from quiet points: the workload pauses, every member
 * reaches the same zxid, the member's data dir is copied, and that copy is later loaded with
 * ZooKeeper's own {@code FileTxnSnapLog.restore}.
 */
class RestoreRoundTripTest {

  private static RecordedSource source;

  @BeforeAll
  static void recordSource() throws Exception {
    source =
        RecordedSource.record(
            "source", ZkTestQuorum.TEST_SETTINGS.withSnapCount(300).withLogSizes(256, 0), 42, 450);
  }

  @AfterAll
  static void stopSource() {
    if (source != null) {
      source.close();
    }
  }

  private static ZkDataDir memberDir() {
    return source.memberDataDir();
  }

  @Test
  void replayMatchesTheLiveServersDigestHistory() throws Exception {
    assertTrue(source.liveDigests().size() >= 3, "hash history: " + source.liveDigests());
    // from the oldest snapshot, so that every digest the servers kept can be compared
    List<SnapshotFile> snaps = memberDir().snapshots();
    LoadedSnapshot oldest = SnapshotLoader.load(snaps.get(snaps.size() - 1));
    Map<Long, Long> ours = new HashMap<>();
    ReplayResult result;
    try (TxnStream txns =
        TxnStream.ofFiles(TxnLogFile.covering(memberDir().logs(), oldest.startZxid()))) {
      result =
          TreeReplayer.replay(
              oldest,
              txns,
              ReplayTarget.end(),
              (rec, dt) -> {
                if (source.liveDigests().containsKey(rec.zxid())) {
                  ours.put(rec.zxid(), dt.getTreeDigest());
                }
              });
    }
    int compared = 0;
    for (Map.Entry<Long, Long> e : source.liveDigests().entrySet()) {
      if (e.getKey() >= result.consistentZxid() && e.getKey() <= result.zxid()) {
        assertEquals(e.getValue(), ours.get(e.getKey()), "digest at " + Zxid.hex(e.getKey()));
        compared++;
      }
    }
    assertTrue(compared >= 3, "compared " + compared + " digests");
    assertTrue(result.digestsChecked() > 500, "txn digests checked: " + result.digestsChecked());
    assertTrue(
        Zxid.epoch(result.zxid()) > Zxid.epoch(source.beforeFailover().zxid()),
        "replay crossed epochs");
  }

  @Test
  void restoresAtQuietPointsEqualTheSourceZnodeForZnode() throws Exception {
    QuietPoint epochChange = source.afterFailover();
    assertTrue(
        Zxid.epoch(epochChange.zxid()) > Zxid.epoch(source.beforeFailover().zxid()),
        "epoch moved: " + Zxid.hex(epochChange.zxid()));
    assertTrue(Zxid.counter(epochChange.zxid()) <= 3, Zxid.hex(epochChange.zxid()));
    for (QuietPoint qp : source.quietPoints()) {
      DataTree expectedTree = qp.restoreWithZooKeeper();
      ReplayResult replayed = TreeReplayer.replay(memberDir(), ReplayTarget.zxid(qp.zxid()));
      assertEquals(qp.zxid(), replayed.zxid(), qp.name());
      assertEquals(expectedTree.getTreeDigest(), replayed.treeDigest(), qp.name() + " digest");
      ZnodeTree expected = ZnodeTree.of(expectedTree);
      assertTrue(expected.ephemeralsSkipped() > 0, qp.name() + " had ephemerals");

      try (ZkTestQuorum restored =
          ZkTestQuorum.create("restored-" + qp.name(), 3, ZkTestQuorum.TEST_SETTINGS)) {
        List<MemberDataDir> targets =
            restored.members().stream()
                .map(m -> new MemberDataDir(m.myid(), m.dataDir(), m.dataLogDir()))
                .toList();
        DataDirWriter.Result written = DataDirWriter.write(replayed.tree(), targets, false);
        assertEquals(qp.zxid(), written.zxid());
        assertTrue(written.ephemeralsLeftOut() > 0);
        restored.startAll();
        try (ZooKeeper zk = ZkClients.connect(restored.connectString(), Duration.ofSeconds(30))) {
          zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
          ZnodeTree actual = ZnodeTree.read(zk);
          assertEquals(0, actual.ephemeralsSkipped(), "no ephemeral restored");
          assertEquals(List.of(), expected.differences(actual, 10), qp.name());
          assertEquals(expected.nodes().size(), actual.nodes().size());
        }
      }
    }
  }

  @Test
  void timeTargetsAndUnreachableTargets() throws Exception {
    QuietPoint epochChange = source.afterFailover();
    // the time of the first txn of the new epoch gives the state right after it (no other txn
    // shares its millisecond: the failover took far longer)
    long[] time = {-1};
    TreeReplayer.replay(
        memberDir(),
        ReplayTarget.zxid(epochChange.zxid()),
        (rec, dt) -> {
          if (rec.zxid() == epochChange.zxid()) {
            time[0] = rec.time();
          }
        });
    assertTrue(time[0] > 0);
    ReplayResult toEnd = TreeReplayer.replay(memberDir(), ReplayTarget.end());
    ReplayResult byTime =
        TreeReplayer.replay(memberDir(), ReplayTarget.time(Instant.ofEpochMilli(time[0])));
    assertEquals(Zxid.hex(epochChange.zxid()), Zxid.hex(byTime.zxid()));
    assertEquals(epochChange.restoreWithZooKeeper().getTreeDigest(), byTime.treeDigest());

    ReplayException past =
        assertThrows(
            ReplayException.class,
            () -> TreeReplayer.replay(memberDir(), ReplayTarget.zxid(toEnd.zxid() + 10)));
    assertEquals(ReplayException.Reason.PAST_END, past.reason());
    assertTrue(past.getMessage().contains(Zxid.hex(toEnd.zxid())), past.getMessage());
    assertEquals(toEnd.zxid(), past.reachable().get(0).to());

    List<SnapshotFile> snaps = memberDir().snapshots();
    LoadedSnapshot newest = SnapshotLoader.load(snaps.get(0));
    try (TxnStream txns =
        TxnStream.ofFiles(TxnLogFile.covering(memberDir().logs(), newest.startZxid()))) {
      ReplayException before =
          assertThrows(
              ReplayException.class,
              () ->
                  TreeReplayer.replay(
                      newest, txns, ReplayTarget.zxid(newest.startZxid() - 1), null));
      assertEquals(ReplayException.Reason.BEFORE_CONSISTENT, before.reason());
      assertTrue(before.getMessage().contains(Zxid.hex(newest.consistentZxid())));
    }
  }
}
