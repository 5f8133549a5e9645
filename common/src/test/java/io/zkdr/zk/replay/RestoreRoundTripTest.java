package io.zkdr.zk.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.testing.ZnodeTree;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.datadir.DataDirWriter;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.snapshot.SnapshotLoader;
import io.zkdr.zk.txnlog.TxnLogFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
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

  private static ZkTestQuorum source;
  private static ZkMember member;
  private static final List<QuietPoint> quietPoints = new ArrayList<>();
  private static final NavigableMap<Long, Long> liveDigests = new TreeMap<>();
  private static int epochChangeIndex;

  /** The source state at a zxid: a copy of the member's dirs taken while writes paused. */
  record QuietPoint(String name, long zxid, Path dataDir, Path logDir) {
    DataTree restoreWithZooKeeper() throws IOException {
      FileTxnSnapLog snapLog = new FileTxnSnapLog(logDir.toFile(), dataDir.toFile());
      DataTree dt = new DataTree();
      long z = snapLog.restore(dt, new ConcurrentHashMap<>(), (hdr, txn, digest) -> {});
      snapLog.close();
      assertEquals(Zxid.hex(zxid), Zxid.hex(z), name + ": ZooKeeper's restore of the copy");
      return dt;
    }
  }

  @BeforeAll
  static void runSourceQuorum() throws Exception {
    source =
        ZkTestQuorum.start(
            "source", 3, ZkTestQuorum.TEST_SETTINGS.withSnapCount(300).withLogSizes(256, 0));
    int leader = source.leader(Duration.ofSeconds(30));
    member = source.server(leader == 1 ? 2 : 1).member();
    try (ZooKeeper zk = ZkClients.connect(source.connectString(), Duration.ofSeconds(30));
        ZooKeeper eph = ZkClients.connect(source.connectString(), Duration.ofSeconds(30))) {
      Workload workload = new Workload(zk, eph, 42);
      workload.run(500);
      quietPoint("before-failover");

      source.kill(leader);
      source.leader(Duration.ofSeconds(30));
      source.awaitServing();
      // the first txn of the new epoch, then a pause right after it
      create(zk, "/app/after-failover");
      quietPoint("after-failover");
      epochChangeIndex = 1;

      workload.run(400);
      quietPoint("end");
      for (int id = 1; id <= 3; id++) {
        if (source.server(id).isAlive()) {
          ZkMember m = source.server(id).member();
          NavigableMap<Long, Long> h =
              FourLetterWords.hash(m.host(), m.clientPort(), Duration.ofSeconds(5));
          for (Map.Entry<Long, Long> e : h.entrySet()) {
            Long before = liveDigests.put(e.getKey(), e.getValue());
            if (before != null) {
              assertEquals(before, e.getValue(), "members agree on " + Zxid.hex(e.getKey()));
            }
          }
        }
      }
      assertTrue(workload.applied() > 800, "applied " + workload.applied());
    }
    // the sessions closed: their closeSession txns are in the logs too
  }

  @AfterAll
  static void stopSource() {
    if (source != null) {
      source.close();
    }
  }

  private static void create(ZooKeeper zk, String path) throws Exception {
    zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
    for (int attempt = 0; ; attempt++) {
      try {
        zk.create(path, "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        return;
      } catch (org.apache.zookeeper.KeeperException.ConnectionLossException e) {
        if (attempt > 50) {
          throw e;
        }
        Thread.sleep(200);
      } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
        return;
      }
    }
  }

  /** Waits until every live member is at the same zxid, then copies the member's dirs. */
  private static void quietPoint(String name) throws Exception {
    long zxid = -1;
    for (int i = 0; i < 100; i++) {
      List<Long> zxids = new ArrayList<>();
      for (int id = 1; id <= 3; id++) {
        if (source.server(id).isAlive()) {
          zxids.add(source.server(id).status().zxid());
        }
      }
      if (zxids.stream().distinct().count() == 1) {
        zxid = zxids.get(0);
        break;
      }
      Thread.sleep(100);
    }
    assertTrue(zxid > 0, "members agree on a zxid at " + name);
    Thread.sleep(300); // let a snapshot being written finish
    Path copy = TestDirs.create("quiet-" + name);
    TestDirs.copyTree(member.dataDir(), copy.resolve("data"));
    TestDirs.copyTree(member.dataLogDir(), copy.resolve("log"));
    quietPoints.add(new QuietPoint(name, zxid, copy.resolve("data"), copy.resolve("log")));
  }

  private static ZkDataDir memberDir() {
    return new ZkDataDir(member.dataDir(), member.dataLogDir());
  }

  @Test
  void replayMatchesTheLiveServersDigestHistory() throws Exception {
    assertTrue(liveDigests.size() >= 3, "hash history: " + liveDigests);
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
                if (liveDigests.containsKey(rec.zxid())) {
                  ours.put(rec.zxid(), dt.getTreeDigest());
                }
              });
    }
    int compared = 0;
    for (Map.Entry<Long, Long> e : liveDigests.entrySet()) {
      if (e.getKey() >= result.consistentZxid() && e.getKey() <= result.zxid()) {
        assertEquals(e.getValue(), ours.get(e.getKey()), "digest at " + Zxid.hex(e.getKey()));
        compared++;
      }
    }
    assertTrue(compared >= 3, "compared " + compared + " digests");
    assertTrue(result.digestsChecked() > 500, "txn digests checked: " + result.digestsChecked());
    assertTrue(
        Zxid.epoch(result.zxid()) > Zxid.epoch(quietPoints.get(0).zxid()), "replay crossed epochs");
  }

  @Test
  void restoresAtQuietPointsEqualTheSourceZnodeForZnode() throws Exception {
    QuietPoint epochChange = quietPoints.get(epochChangeIndex);
    assertTrue(
        Zxid.epoch(epochChange.zxid()) > Zxid.epoch(quietPoints.get(0).zxid()),
        "epoch moved: " + Zxid.hex(epochChange.zxid()));
    assertTrue(Zxid.counter(epochChange.zxid()) <= 3, Zxid.hex(epochChange.zxid()));
    for (QuietPoint qp : quietPoints) {
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
    QuietPoint epochChange = quietPoints.get(epochChangeIndex);
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
