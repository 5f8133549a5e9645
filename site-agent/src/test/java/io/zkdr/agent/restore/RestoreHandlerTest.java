package io.zkdr.agent.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.shipping.ShipLogHandler;
import io.zkdr.agent.shipping.TestSite;
import io.zkdr.model.Backup;
import io.zkdr.model.JobKind;
import io.zkdr.testing.RecordedSource;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZnodeTree;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.server.ZkMember;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Restores from a FULL backup and shipped increments, against three real controllers and a real
 * 3-member quorum: a scratch server at a zxid in the middle of the increments equals the source at
 * that zxid znode by znode; unreachable targets are refused; a dry run changes nothing; a subtree
 * goes back into the running ensemble under each onConflict; the members are restored offline, and
 * a restore that fails half way leaves them on their old data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreHandlerTest {
  private static TestSite site;
  private static RecordedSource.QuietPoint middle;
  private static java.time.Instant middleTime;
  private static ZnodeTree atMiddle;
  private static long end;

  @BeforeAll
  static void record() throws Exception {
    site = TestSite.start("restore");
    try (ZooKeeper zk = client();
        ZooKeeper eph = ZkClients.connect(site.quorum.connectString(), Duration.ofSeconds(30))) {
      zk.create("/rs", "root".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      for (String c : List.of("a", "b", "c")) {
        zk.create("/rs/" + c, c.getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      }
      Workload workload = new Workload(zk, eph, 11);
      workload.run(150);
      site.captureFull("restore-full-1", 1);
      TestSite.Context ctx = site.context(JobKind.SHIP_LOG, null, Map.of());
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread shipper =
          new Thread(
              () -> {
                try {
                  new ShipLogHandler().run(ctx);
                } catch (InterruptedException e) {
                  // stopped below
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "shipper");
      shipper.start();
      try {
        workload.run(300);
        middle = quietPoint("middle");
        middleTime = java.time.Instant.now();
        Thread.sleep(20);
        atMiddle = ZnodeTree.of(middle.restoreWithZooKeeper());
        workload.run(300);
        end = quietPoint("end").zxid();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lastShipped() < end && System.nanoTime() < deadline) {
          assertNull(failure.get(), "shipper failed");
          Thread.sleep(100);
        }
        assertEquals(Zxid.hex(end), Zxid.hex(lastShipped()), "shipped to the end: " + ctx.progress);
      } finally {
        shipper.interrupt();
        shipper.join(30_000);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (site != null) {
      site.close();
    }
  }

  private static ZooKeeper client() throws Exception {
    ZooKeeper zk = ZkClients.connect(site.quorum.connectString(), Duration.ofSeconds(30));
    zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
    return zk;
  }

  private static long lastShipped() {
    List<Backup> all = site.backups();
    return all.isEmpty() ? -1 : all.get(all.size() - 1).toZxid();
  }

  /** Waits until every member is at the same zxid, then copies member 1's dirs. */
  private static RecordedSource.QuietPoint quietPoint(String name) throws Exception {
    long zxid = -1;
    for (int i = 0; i < 300 && zxid < 0; i++) {
      List<Long> zxids = new ArrayList<>();
      for (ZkMember m : site.quorum.members()) {
        zxids.add(site.quorum.server(m.myid()).status().zxid());
      }
      if (zxids.stream().distinct().count() == 1) {
        zxid = zxids.get(0);
      } else {
        Thread.sleep(50);
      }
    }
    assertTrue(zxid > 0, "members agree on a zxid");
    ZkMember m = site.quorum.server(1).member();
    Path copy = TestDirs.create("quiet-" + name);
    TestDirs.copyTree(m.dataDir(), copy.resolve("data"));
    TestDirs.copyTree(m.dataLogDir(), copy.resolve("log"));
    return new RecordedSource.QuietPoint(name, zxid, copy.resolve("data"), copy.resolve("log"));
  }

  private static Map<String, String> restore(Map<String, String> params) throws Exception {
    return restore(params, new RestoreHandler());
  }

  private static Map<String, String> restore(Map<String, String> params, RestoreHandler handler)
      throws Exception {
    return handler.run(site.context(JobKind.RESTORE, TestSite.STANDBY, params));
  }

  private static ZnodeTree live() throws Exception {
    try (ZooKeeper zk = client()) {
      return ZnodeTree.read(zk);
    }
  }

  @Test
  @Order(1)
  void aScratchRestoreToAMiddleZxidEqualsTheSourceAtThatZxid() throws Exception {
    AtomicReference<ZnodeTree> served = new AtomicReference<>();
    Map<String, String> result =
        restore(
            Map.of("toZxid", Zxid.hex(middle.zxid())),
            new RestoreHandler(
                (connect, restored) -> {
                  try (ZooKeeper zk = ZkClients.connect(connect, Duration.ofSeconds(30))) {
                    zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
                    served.set(ZnodeTree.read(zk));
                  } catch (InterruptedException e) {
                    throw e;
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                }));
    assertEquals(Zxid.hex(middle.zxid()), result.get("restoredZxid"));
    assertEquals("restore-full-1", result.get("fullBackupId"));
    assertTrue(result.get("toBackupId").contains("-inc-"), result.toString());
    assertNotNull(result.get("connectString"));
    assertNotNull(served.get(), "the scratch server was read");
    assertEquals(List.of(), atMiddle.differences(served.get(), 20), "scratch vs source at middle");
    assertTrue(atMiddle.nodes().size() > 100, "a real tree: " + atMiddle.nodes().size());
  }

  @Test
  @Order(2)
  void aTargetNoChainReachesIsRefusedWithTheReachableRanges() {
    JobFailedException e =
        assertThrows(
            JobFailedException.class, () -> restore(Map.of("toZxid", Zxid.hex(end + 1_000_000))));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("reachable"), e.getMessage());
    assertTrue(e.getMessage().contains(Zxid.hex(end)), e.getMessage());
  }

  @Test
  @Order(2)
  void aTimeTargetRestoresToTheLastTxnAtOrBeforeIt() throws Exception {
    Map<String, String> atTime = restore(Map.of("toTime", middleTime.toString(), "dryRun", "true"));
    assertEquals(Zxid.hex(middle.zxid()), atTime.get("restoredZxid"), atTime.toString());
    JobFailedException early =
        assertThrows(
            JobFailedException.class,
            () -> restore(Map.of("toTime", "2001-01-01T00:00:00Z", "dryRun", "true")));
    assertTrue(early.getMessage().contains("reachable"), early.getMessage());
  }

  @Test
  @Order(3)
  void aDryRunIntoTheMembersReportsChangesAndChangesNothing() throws Exception {
    ZnodeTree before = live();
    Map<String, String> result =
        restore(Map.of("toZxid", Zxid.hex(middle.zxid()), "target", "members", "dryRun", "true"));
    long changed =
        Long.parseLong(result.get("created"))
            + Long.parseLong(result.get("updated"))
            + Long.parseLong(result.get("deleted"));
    assertTrue(changed > 0, "the tree moved on after the middle: " + result);
    for (ZkMember m : site.quorum.members()) {
      assertEquals(0, site.control(m.myid()).stops.get(), "member " + m.myid() + " never stopped");
    }
    assertEquals(List.of(), before.differences(live(), 10), "nothing changed");
  }

  @Test
  @Order(4)
  void aSubtreeGoesBackIntoTheRunningEnsembleUnderEachOnConflict() throws Exception {
    try (ZooKeeper zk = client()) {
      zk.setData("/rs/a", "changed".getBytes(), -1);
      zk.delete("/rs/b", -1);
    }
    Map<String, String> params = new HashMap<>(Map.of("target", "running", "subtree", "/rs"));

    JobFailedException refused = assertThrows(JobFailedException.class, () -> restore(params));
    assertTrue(refused.getMessage().contains("/rs/a"), refused.getMessage());
    try (ZooKeeper zk = client()) {
      assertNull(zk.exists("/rs/b", false), "onConflict=fail writes nothing");
    }

    params.put("onConflict", "overwrite");
    params.put("dryRun", "true");
    Map<String, String> dry = restore(params);
    assertEquals("1", dry.get("created"), dry.toString());
    assertEquals("1", dry.get("updated"), dry.toString());
    try (ZooKeeper zk = client()) {
      assertNull(zk.exists("/rs/b", false), "a dry run writes nothing");
    }

    params.put("dryRun", "false");
    params.put("onConflict", "skip");
    Map<String, String> skipped = restore(params);
    assertEquals("1", skipped.get("created"), skipped.toString());
    assertEquals("1", skipped.get("skipped"), skipped.toString());
    try (ZooKeeper zk = client()) {
      assertArrayEquals("b".getBytes(), zk.getData("/rs/b", false, null));
      assertArrayEquals("changed".getBytes(), zk.getData("/rs/a", false, null));
    }

    params.put("onConflict", "overwrite");
    Map<String, String> overwritten = restore(params);
    assertEquals("0", overwritten.get("created"), overwritten.toString());
    assertEquals("1", overwritten.get("updated"), overwritten.toString());
    try (ZooKeeper zk = client()) {
      assertArrayEquals("a".getBytes(), zk.getData("/rs/a", false, null));
    }
  }

  @Test
  @Order(5)
  void anOfflineRestoreIntoTheMembersServesTheSourceTreeAtTheTarget() throws Exception {
    Map<String, String> result =
        restore(Map.of("toZxid", Zxid.hex(middle.zxid()), "target", "members"));
    assertEquals(Zxid.hex(middle.zxid()), result.get("restoredZxid"));
    for (String dir : result.get("oldData").split(",")) {
      assertTrue(Files.isDirectory(Path.of(dir)), "old data kept at " + dir);
    }
    site.quorum.awaitServing();
    assertEquals(List.of(), atMiddle.differences(live(), 20), "members vs source at middle");
  }

  @Test
  @Order(6)
  void anOfflineRestoreThatFailsHalfWayLeavesTheOldData() throws Exception {
    ZnodeTree before = live();
    site.control(3).failNextStarts(1);
    JobFailedException e =
        assertThrows(
            JobFailedException.class,
            () -> restore(Map.of("toZxid", Zxid.hex(end), "target", "members")));
    assertTrue(e.getMessage().contains("old data"), e.getMessage());
    site.quorum.awaitServing();
    assertEquals(List.of(), before.differences(live(), 20), "the ensemble serves its old data");
  }
}
