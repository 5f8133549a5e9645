package io.zkdr.agent.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.JobKind;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.RestorableRange;
import io.zkdr.testing.ZkClients;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.txnlog.TxnLogFile;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Continuous shipping against three real controllers and a real 3-member quorum under a steady
 * write load: contiguous increments with copies in two regions, restart without gap or duplicate,
 * the tailed member killed, a resume point only a stopped member shows (waited for, no gap), a
 * deleted log segment reported as a gap, and FULL backups taken while shipping is stopped (the
 * increments go on from the last one, or after the FULL once no log holds that point).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShipLogHandlerTest {
  private static TestSite site;
  private static ZooKeeper zk;
  private static Thread load;
  private static final AtomicBoolean stopLoad = new AtomicBoolean();
  private static Thread shipper;
  private static TestSite.Context shipping;
  private static final AtomicReference<Throwable> shipperFailure = new AtomicReference<>();
  private static Backup full;

  @BeforeAll
  static void start() throws Exception {
    site = TestSite.start("ship");
    zk = ZkClients.connect(site.quorum.connectString(), Duration.ofSeconds(30));
    zk.create("/load", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    for (int i = 0; i < 200; i++) {
      zk.create(
          "/load/n" + i, ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }
    full = site.captureFull("ship-full-1", 1);
    load =
        new Thread(
            () -> {
              int i = 0;
              while (!stopLoad.get()) {
                try {
                  zk.setData("/load/n" + (i % 200), ("w" + i).getBytes(), -1);
                  i++;
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // a member dies in one test: the client reconnects
                }
              }
            },
            "steady-load");
    load.start();
  }

  @AfterAll
  static void stop() throws Exception {
    stopLoad.set(true);
    if (load != null) {
      load.join(10_000);
    }
    stopShipper();
    if (zk != null) {
      zk.close();
    }
    if (site != null) {
      site.close();
    }
  }

  private static void startShipper() {
    shipping = site.context(JobKind.SHIP_LOG, null, Map.of());
    TestSite.Context ctx = shipping;
    shipper =
        new Thread(
            () -> {
              try {
                new ShipLogHandler().run(ctx);
              } catch (InterruptedException e) {
                // stopped by the test
              } catch (Throwable t) {
                shipperFailure.set(t);
              }
            },
            "shipper");
    shipper.start();
  }

  private static void stopShipper() throws InterruptedException {
    if (shipper != null) {
      shipper.interrupt();
      shipper.join(30_000);
      assertTrue(!shipper.isAlive(), "the shipper stops on interrupt");
      shipper = null;
    }
  }

  private static Backup lastBackup() {
    List<Backup> all = site.backups();
    return all.get(all.size() - 1);
  }

  private static long liveZxid() throws Exception {
    long best = -1;
    for (ZkMember m : site.quorum.members()) {
      try {
        best =
            Math.max(
                best, FourLetterWords.srvr(m.host(), m.clientPort(), Duration.ofSeconds(2)).zxid());
      } catch (Exception e) {
        // a dead member
      }
    }
    return best;
  }

  /** Waits until the catalog holds increments up to at least {@code zxid}. */
  private static List<Backup> awaitShipped(long zxid, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      assertNotNullFailure();
      List<Backup> all = site.backups();
      if (!all.isEmpty() && all.get(all.size() - 1).toZxid() >= zxid) {
        return all;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "increments did not reach " + Zxid.hex(zxid) + "; progress: " + shipping.progress);
  }

  private static void assertNotNullFailure() {
    Throwable t = shipperFailure.get();
    if (t != null) {
      throw new AssertionError("the shipper failed", t);
    }
  }

  /** Increments after the full one, each starting where the previous ended, parent to parent. */
  private static List<Backup> assertContiguous(List<Backup> all) {
    List<Backup> incs = all.stream().filter(b -> b.kind() == BackupKind.INCREMENTAL).toList();
    long end = full.toZxid();
    String parent = full.id();
    Set<String> ids = new HashSet<>();
    for (Backup b : incs) {
      assertEquals(
          Zxid.hex(end),
          Zxid.hex(b.fromZxid()),
          "increment " + b.id() + " starts where the previous ended");
      assertEquals(parent, b.parentId(), "parent of " + b.id());
      assertTrue(ids.add(b.id()), "duplicate " + b.id());
      end = b.toZxid();
      parent = b.id();
    }
    return incs;
  }

  @Test
  @Order(2)
  void shipsContiguousVerifiedIncrementsIntoBothRegions() throws Exception {
    startShipper();
    Thread.sleep(3000);
    List<Backup> incs = assertContiguous(awaitShipped(liveZxid(), Duration.ofSeconds(30)));
    assertTrue(incs.size() >= 3, "several increments in 3 s of load, got " + incs.size());
    for (Backup b : incs) {
      assertEquals(Set.of(TestSite.HOME, TestSite.STANDBY), b.copies().keySet(), b.id());
      b.copies().values().forEach(c -> assertNotNull(c.verifiedAt(), b.id() + " copy verified"));
      assertEquals(
          b.copies().get(TestSite.HOME).checksum(), b.copies().get(TestSite.STANDBY).checksum());
      Backup stored = site.catalog.backup(b.id()).orElseThrow();
      assertTrue(
          stored.verified(), "verification recorded for " + b.id() + ": " + stored.verifications());
      assertTrue(
          stored.verifications().get(0).detail().contains("record checksums"),
          stored.verifications().toString());
    }
    RestorableRange standby = site.catalog.restorable(site.ensemble, TestSite.STANDBY);
    RestorableChain chain = standby.chains().get(standby.chains().size() - 1);
    assertTrue(chain.gaps().isEmpty(), "no gap: " + chain);
    assertEquals(incs.get(incs.size() - 1).id(), chain.lastBackupId());
    Gauge lag =
        site.registry.find("zkdr.shipping.lag.seconds").tag("region", TestSite.STANDBY).gauge();
    assertNotNull(lag, "lag gauge for the standby region");
    assertTrue(lag.value() < 30, "lag " + lag.value());
    double artifacts =
        site.registry.find("zkdr_artifacts").tag("op", "ship").counters().stream()
            .mapToDouble(c -> c.count())
            .sum();
    assertTrue(artifacts >= 2 * incs.size(), "one artifact per increment and region: " + artifacts);
  }

  @Test
  @Order(1)
  void aLostLeaseStopsShipping() throws Exception {
    TestSite.Context ctx = site.context(JobKind.SHIP_LOG, null, Map.of());
    ctx.loseLeaseAt = 2;
    assertThrows(
        io.zkdr.agent.catalog.LeaseLostException.class, () -> new ShipLogHandler().run(ctx));
    assertEquals(2, ctx.progress.size(), "it stopped at the report that found the lease gone");
  }

  @Test
  @Order(3)
  void aRestartResumesWithNoGapAndNoDuplicate() throws Exception {
    stopShipper();
    long stoppedAt = lastBackup().toZxid();
    Thread.sleep(1000);
    assertTrue(liveZxid() > stoppedAt, "writes went on while shipping was stopped");
    startShipper();
    Thread.sleep(1500);
    List<Backup> incs = assertContiguous(awaitShipped(liveZxid(), Duration.ofSeconds(30)));
    assertTrue(
        incs.stream().anyMatch(b -> b.fromZxid() == stoppedAt),
        "the first increment after the restart starts at " + Zxid.hex(stoppedAt));
  }

  @Test
  @Order(4)
  void killingTheTailedMemberMovesShippingToAnother() throws Exception {
    int tailed = tailedMember();
    site.quorum.kill(tailed);
    try {
      Thread.sleep(4000);
      long target = liveZxid();
      List<Backup> incs = assertContiguous(awaitShipped(target, Duration.ofSeconds(60)));
      assertTrue(incs.get(incs.size() - 1).toZxid() >= target);
      assertNotEquals(tailed, tailedMember(), "shipping moved to another member");
    } finally {
      site.quorum.restart(tailed);
    }
  }

  private static int tailedMember() {
    for (int i = shipping.progress.size() - 1; i >= 0; i--) {
      String p = shipping.progress.get(i);
      if (p.startsWith("tailing member ")) {
        return Integer.parseInt(p.substring("tailing member ".length(), p.indexOf('@')));
      }
    }
    throw new AssertionError("no member tailed yet: " + shipping.progress);
  }

  @Test
  @Order(5)
  void aResumePointOnlyAStoppedMemberShowsWaitsForThatMember() throws Exception {
    stopShipper();
    long shipped = lastBackup().toZxid();
    write(3000, "s");
    // a member whose log holds the resume point (one re-synced by snapshot earlier may not),
    // preferably a follower
    int leader = site.quorum.leader(Duration.ofSeconds(10));
    ZkMember stopped =
        site.quorum.members().stream()
            .filter(m -> holds(m, shipped))
            .min(java.util.Comparator.comparing(m -> m.myid() == leader))
            .orElseThrow(() -> new AssertionError("no member's log holds " + Zxid.hex(shipped)));
    site.quorum.kill(stopped.myid());
    double gapsBefore = gaps();
    try {
      // the serving members lose the log that holds the resume point
      for (ZkMember m : site.quorum.members()) {
        if (m.myid() == stopped.myid()) {
          continue;
        }
        List<TxnLogFile> logs = logs(m);
        int covering = covering(logs, shipped);
        assertTrue(covering >= 0 && covering < logs.size() - 1, "member " + m.myid() + " " + logs);
        Files.delete(logs.get(covering).path());
      }
      for (ZkMember m : site.quorum.members()) {
        assertEquals(
            m.myid() == stopped.myid(), holds(m, shipped), "member " + m.myid() + " holds it");
      }
      startShipper();
      Thread.sleep(4000);
      assertEquals(gapsBefore, gaps(), "no gap while a stopped member may hold the txns");
      assertEquals(shipped, lastBackup().toZxid(), "nothing shipped past the unproven point");
      assertTrue(
          shipping.progress.stream()
              .anyMatch(p -> p.contains("waiting up to") && p.contains(Zxid.hex(shipped))),
          shipping.progress.toString());
    } finally {
      site.quorum.restart(stopped.myid());
    }
    List<Backup> incs = assertContiguous(awaitShipped(liveZxid(), Duration.ofSeconds(60)));
    assertTrue(incs.stream().anyMatch(b -> b.fromZxid() == shipped), "resumed at the point");
    assertEquals(gapsBefore, gaps(), "no gap declared");
    assertTrue(
        site.catalog.restorable(site.ensemble, TestSite.HOME).chains().stream()
            .allMatch(c -> c.gaps().isEmpty()),
        "the catalog shows no gap");
  }

  /** Writes {@code n} updates over the load znodes, values tagged {@code tag}. */
  private static void write(int n, String tag) throws Exception {
    for (int i = 0; i < n; i++) {
      zk.setData("/load/n" + (i % 200), (tag + i).getBytes(), -1);
    }
  }

  private static List<TxnLogFile> logs(ZkMember m) throws java.io.IOException {
    return TxnLogFile.list(m.dataLogDir().resolve("version-2"));
  }

  /** The index of the log that holds {@code zxid}: the last one starting at or before it. */
  private static int covering(List<TxnLogFile> logs, long zxid) {
    int covering = -1;
    for (int i = 0; i < logs.size(); i++) {
      if (logs.get(i).startZxid() <= zxid) {
        covering = i;
      }
    }
    return covering;
  }

  private static boolean holds(ZkMember m, long zxid) {
    return TailSource.of(site.control(m.myid()).member()).through(zxid)
        == TailSource.Continuity.HOLDS;
  }

  private static double gaps() {
    var counter = site.registry.find("zkdr.shipping.gaps").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  @Order(6)
  void aDeletedLogSegmentIsReportedAsAGap() throws Exception {
    stopShipper();
    long shipped = lastBackup().toZxid();
    // enough txns for every member to roll its log several times
    write(3000, "g");
    long now = liveZxid();
    long middle = shipped + (now - shipped) / 2;
    for (ZkMember m : site.quorum.members()) {
      List<TxnLogFile> logs = logs(m);
      int covering = covering(logs, middle);
      assertTrue(
          covering > 0 && covering < logs.size() - 1, "member " + m.myid() + " logs " + logs);
      assertTrue(
          logs.get(covering).startZxid() > shipped + 1,
          "the deleted log is after the resume point");
      Files.delete(logs.get(covering).path());
    }
    double gapsBefore = gaps();
    startShipper();
    awaitShipped(now, Duration.ofSeconds(60));
    assertEquals(1.0, gaps() - gapsBefore, "one gap reported: " + shipping.progress);
    assertTrue(
        shipping.progress.stream().anyMatch(p -> p.startsWith("GAP")),
        shipping.progress.toString());
    RestorableChain chain = site.catalog.restorable(site.ensemble, TestSite.HOME).chains().get(0);
    assertEquals(1, chain.gaps().size(), "the catalog shows the gap: " + chain);
    long gapFrom = chain.gaps().get(0).from();
    long gapTo = chain.gaps().get(0).to();
    assertTrue(
        gapFrom <= middle && middle <= gapTo,
        "the gap " + chain.gaps() + " holds " + Zxid.hex(middle));
    // no increment claims a zxid inside the gap
    List<Backup> all = new ArrayList<>(site.backups());
    for (Backup b : all) {
      if (b.kind() == BackupKind.INCREMENTAL) {
        assertTrue(
            b.toZxid() < gapFrom || b.fromZxid() >= gapTo,
            b.id() + " overlaps the gap " + chain.gaps());
      }
    }
  }

  @Test
  @Order(7)
  void aFullTakenWhileShippingIsStoppedLeavesNoHoleInTheIncrements() throws Exception {
    stopShipper();
    long shipped = lastIncrement().toZxid();
    write(300, "f");
    Backup newer = site.captureFull("ship-full-2", site.quorum.leader(Duration.ofSeconds(10)));
    assertTrue(newer.toZxid() > shipped, "the FULL is newer than the last increment");
    startShipper();
    List<Backup> all = awaitShipped(liveZxid(), Duration.ofSeconds(60));
    List<Backup> resumed =
        all.stream()
            .filter(b -> b.kind() == BackupKind.INCREMENTAL && b.toZxid() > shipped)
            .toList();
    assertEquals(
        Zxid.hex(shipped),
        Zxid.hex(resumed.get(0).fromZxid()),
        "shipping resumes after the last increment, not after the newer FULL");
    assertTrue(resumed.get(0).toZxid() > shipped, resumed.get(0).id());
    for (int i = 1; i < resumed.size(); i++) {
      assertEquals(resumed.get(i - 1).toZxid(), resumed.get(i).fromZxid(), resumed.get(i).id());
    }
    RestorableChain newest = newestChain();
    assertEquals(newer.id(), newest.fullBackupId());
    assertTrue(newest.gaps().isEmpty(), "no gap after the newer FULL: " + newest);
  }

  @Test
  @Order(8)
  void whenNoLogHoldsTheResumePointANewerFullIsResumedAfterWithoutAGap() throws Exception {
    stopShipper();
    long shipped = lastIncrement().toZxid();
    write(3000, "h");
    Backup newer = site.captureFull("ship-full-3", site.quorum.leader(Duration.ofSeconds(10)));
    for (ZkMember m : site.quorum.members()) {
      List<TxnLogFile> logs = logs(m);
      int covering = covering(logs, shipped);
      assertTrue(covering >= 0 && covering < logs.size() - 1, "member " + m.myid() + " " + logs);
      assertTrue(logs.get(covering + 1).startZxid() <= newer.toZxid(), "the FULL is later");
      Files.delete(logs.get(covering).path());
    }
    double gapsBefore = gaps();
    startShipper();
    List<Backup> all = awaitShipped(liveZxid(), Duration.ofSeconds(60));
    assertEquals(gapsBefore, gaps(), "no gap: " + shipping.progress);
    Backup first =
        all.stream()
            .filter(b -> b.kind() == BackupKind.INCREMENTAL && b.toZxid() > shipped)
            .findFirst()
            .orElseThrow();
    assertEquals(Zxid.hex(newer.toZxid()), Zxid.hex(first.fromZxid()), first.id());
    assertEquals(newer.id(), first.parentId());
    assertTrue(
        shipping.progress.stream().anyMatch(p -> p.contains("after the newer full backup")),
        shipping.progress.toString());
    RestorableChain newest = newestChain();
    assertEquals(newer.id(), newest.fullBackupId());
    assertTrue(newest.gaps().isEmpty(), "no gap after the newer FULL: " + newest);
  }

  private static Backup lastIncrement() {
    List<Backup> incs =
        site.backups().stream().filter(b -> b.kind() == BackupKind.INCREMENTAL).toList();
    return incs.get(incs.size() - 1);
  }

  private static RestorableChain newestChain() {
    List<RestorableChain> chains = site.catalog.restorable(site.ensemble, TestSite.HOME).chains();
    return chains.get(chains.size() - 1);
  }
}
