package io.zkdr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * A source ensemble with a recorded history: a 3-member quorum (digests on) takes a varied load,
 * loses its leader to SIGKILL (the epoch moves), takes one write, then more load. At three quiet
 * points (before the failover, right after the first txn of the new epoch, at the end) the workload
 * pauses, every live member reaches the same zxid, and a surviving member's dirs are copied:
 * loading such a copy with ZooKeeper's own {@code FileTxnSnapLog.restore} gives "what the source
 * had at that zxid". The live members' {@code hash} histories are collected at the end. The quorum
 * keeps running (with its sessions closed) until {@link #close()}.
 */
public final class RecordedSource implements AutoCloseable {

  /** The source state at a zxid: a copy of the member's dirs taken while writes paused. */
  public record QuietPoint(String name, long zxid, Path dataDir, Path logDir) {

    /** The tree at {@code zxid}, loaded from the copy by ZooKeeper's own restore path. */
    public DataTree restoreWithZooKeeper() throws IOException {
      FileTxnSnapLog snapLog = new FileTxnSnapLog(logDir.toFile(), dataDir.toFile());
      try {
        DataTree dt = new DataTree();
        long z = snapLog.restore(dt, new ConcurrentHashMap<>(), (hdr, txn, digest) -> {});
        assertEquals(Zxid.hex(zxid), Zxid.hex(z), name + ": ZooKeeper's restore of the copy");
        return dt;
      } finally {
        snapLog.close();
      }
    }
  }

  private final ZkTestQuorum quorum;
  private ZkMember member;
  private final List<QuietPoint> quietPoints = new ArrayList<>();
  private final NavigableMap<Long, Long> liveDigests = new TreeMap<>();

  private RecordedSource(ZkTestQuorum quorum) {
    this.quorum = quorum;
  }

  /** Runs the whole history; {@code ops} operations before and after the failover. */
  public static RecordedSource record(String name, ZkServerSettings settings, long seed, int ops)
      throws Exception {
    RecordedSource source = new RecordedSource(ZkTestQuorum.start(name, 3, settings));
    try {
      source.run(seed, ops);
    } catch (Exception | Error e) {
      source.close();
      throw e;
    }
    return source;
  }

  private void run(long seed, int ops) throws Exception {
    int leader = quorum.leader(Duration.ofSeconds(30));
    member = quorum.server(leader == 1 ? 2 : 1).member();
    try (ZooKeeper zk = ZkClients.connect(quorum.connectString(), Duration.ofSeconds(30));
        ZooKeeper eph = ZkClients.connect(quorum.connectString(), Duration.ofSeconds(30))) {
      Workload workload = new Workload(zk, eph, seed);
      workload.run(ops);
      quietPoint("before-failover");

      quorum.kill(leader);
      quorum.leader(Duration.ofSeconds(30));
      quorum.awaitServing();
      createWithRetry(zk, "/app/after-failover");
      quietPoint("after-failover");

      workload.run(ops);
      quietPoint("end");
      assertTrue(workload.applied() > ops, "applied " + workload.applied());
    }
    for (int id = 1; id <= 3; id++) {
      if (quorum.server(id).isAlive()) {
        ZkMember m = quorum.server(id).member();
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
  }

  private static void createWithRetry(ZooKeeper zk, String path) throws Exception {
    zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
    for (int attempt = 0; ; attempt++) {
      try {
        zk.create(path, "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        return;
      } catch (KeeperException.ConnectionLossException e) {
        if (attempt > 50) {
          throw e;
        }
        Thread.sleep(200);
      } catch (KeeperException.NodeExistsException e) {
        return; // a retried create that had gone through
      }
    }
  }

  private void quietPoint(String name) throws Exception {
    long zxid = -1;
    for (int i = 0; i < 300 && zxid < 0; i++) {
      List<Long> zxids = new ArrayList<>();
      for (int id = 1; id <= 3; id++) {
        if (quorum.server(id).isAlive()) {
          zxids.add(quorum.server(id).status().zxid());
        }
      }
      if (zxids.stream().distinct().count() == 1) {
        zxid = zxids.get(0);
      } else {
        Thread.sleep(100);
      }
    }
    assertTrue(zxid > 0, "members agree on a zxid at " + name);
    Thread.sleep(300); // let a snapshot being written finish
    Path copy = TestDirs.create("quiet-" + name);
    TestDirs.copyTree(member.dataDir(), copy.resolve("data"));
    TestDirs.copyTree(member.dataLogDir(), copy.resolve("log"));
    quietPoints.add(new QuietPoint(name, zxid, copy.resolve("data"), copy.resolve("log")));
  }

  public ZkTestQuorum quorum() {
    return quorum;
  }

  /** The surviving member whose dirs were copied at the quiet points. */
  public ZkMember member() {
    return member;
  }

  public ZkDataDir memberDataDir() {
    return new ZkDataDir(member.dataDir(), member.dataLogDir());
  }

  public List<QuietPoint> quietPoints() {
    return quietPoints;
  }

  public QuietPoint beforeFailover() {
    return quietPoints.get(0);
  }

  /** Right after the first txn of the new epoch. */
  public QuietPoint afterFailover() {
    return quietPoints.get(1);
  }

  public QuietPoint end() {
    return quietPoints.get(2);
  }

  /** The live members' {@code hash} histories, merged (they agree where they overlap). */
  public NavigableMap<Long, Long> liveDigests() {
    return liveDigests;
  }

  @Override
  public void close() {
    quorum.close();
  }
}
