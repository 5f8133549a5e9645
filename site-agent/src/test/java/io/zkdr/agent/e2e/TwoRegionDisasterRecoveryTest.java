package io.zkdr.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.restore.RestoreHandler;
import io.zkdr.agent.testing.AgentTestBed;
import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import io.zkdr.model.RestorableChain;
import io.zkdr.testing.RecordedSource;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZnodeTree;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole system, as an operator runs it: three controllers, a managed 3-member ensemble in
 * us-east with its agent, an agent in eu-west, and a policy (a FULL every minute, continuous
 * increments replicated to eu-west, every backup verified). Under a steady write load the
 * controllers' scheduler and planner drive the agents; the test then restarts the us-east agent
 * while it ships, restores in eu-west to a zxid in the middle of the increments while the
 * controller leader is killed, and checks the restored tree znode by znode against ZooKeeper's own
 * load of the source at that zxid. Finally a corrupted copy makes a restore refuse it.
 */
class TwoRegionDisasterRecoveryTest {
  private static final String EAST = AgentTestBed.EAST;
  private static final String WEST = AgentTestBed.WEST;
  private static final String ENSEMBLE = AgentTestBed.ENSEMBLE;
  private static final Duration WAIT = Duration.ofSeconds(150);

  private AgentTestBed bed;
  private Load load;

  @AfterEach
  void stop() throws Exception {
    if (load != null) {
      load.close();
    }
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void backupsFlowToBothRegionsAndAMiddleZxidRestoresInTheStandbyRegion() throws Exception {
    bed = AgentTestBed.start("e2e", Duration.ofSeconds(6));
    AtomicReference<ZnodeTree> served = new AtomicReference<>();
    bed.stopWest();
    bed.startWest(
        List.of(
            new RestoreHandler(
                (connect, restored) -> {
                  try (ZooKeeper zk = ZkClients.connect(connect, Duration.ofSeconds(30))) {
                    zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
                    served.set(ZnodeTree.read(zk));
                  } catch (InterruptedException e) {
                    throw e;
                  } catch (Exception e) {
                    throw new AssertionError("reading the scratch server", e);
                  }
                })));
    load = new Load(bed.connectString());
    load.start();

    Map<String, Object> policy =
        Map.of(
            "fullBackupCron",
            "* * * * *",
            "incrementalMode",
            "CONTINUOUS",
            "replicateTo",
            List.of(WEST),
            // No retention rule: with a FULL every minute, keep-daily rules would prune the
            // older chains of the day while the test reads them.
            "verification",
            Map.of("everyBackup", true, "testRestoreEvery", 1));
    bed.catalog().http().put("/v1/policies/dr", policy);
    ObjectNode spec =
        (ObjectNode) bed.catalog().http().get("/v1/ensembles/" + ENSEMBLE).get("spec");
    spec.put("policy", "dr");
    bed.catalog().http().put("/v1/ensembles/" + ENSEMBLE, spec);

    // The scheduler's first pass runs the current minute's FULL; the planner starts shipping,
    // replicates the FULL to eu-west and verifies it (with a test restore) once it is 30 s old.
    Backup full =
        await(
            "a FULL copied to both regions and verified",
            () ->
                backups().stream()
                    .filter(b -> b.kind() == BackupKind.FULL)
                    .filter(b -> b.copies().keySet().containsAll(Set.of(EAST, WEST)))
                    .filter(Backup::verified)
                    .findFirst()
                    .orElse(null));
    awaitTrue("increments after the FULL in both regions", () -> increments(full).size() >= 5);
    for (Backup inc : increments(full)) {
      assertTrue(inc.copies().keySet().containsAll(Set.of(EAST, WEST)), inc.toString());
      assertTrue(inc.verified(), "shipped increments are verified: " + inc.verifications());
    }

    RecordedSource.QuietPoint middle = load.quietPoint(bed);
    ZnodeTree atMiddle = ZnodeTree.of(middle.restoreWithZooKeeper());

    // Restart the us-east agent (and its managed members) while it ships.
    load.pause();
    bed.stopEast();
    bed.startEast(List.of());
    load.reconnect(bed.connectString());
    awaitTrue(
        "shipping past the middle point after the restart",
        () -> lastIncrementZxid(full) > middle.zxid());
    load.run(200);
    long after = load.quietPoint(bed).zxid();
    awaitTrue("shipping to the end after the restart", () -> lastIncrementZxid(full) >= after);
    assertContiguous(full);

    // A FULL every minute splits the history into chains; from the first FULL on, none has a
    // gap, and the newest reaches the end.
    List<RestorableChain> westChains = bed.catalog().restorable(ENSEMBLE, WEST).chains();
    assertTrue(
        westChains.stream().anyMatch(c -> c.fullBackupId().equals(full.id())),
        "eu-west holds the chain of " + full.id() + ": " + westChains);
    for (RestorableChain c : westChains) {
      assertTrue(c.gaps().isEmpty(), "no gap in eu-west: " + c);
    }
    RestorableChain newest = westChains.get(westChains.size() - 1);
    assertTrue(newest.covered().to() >= after, "eu-west reaches the end: " + newest);

    // Restore in eu-west to the middle zxid while the controller leader is killed.
    Job created =
        bed.createJob(
            "restore-middle",
            JobKind.RESTORE,
            WEST,
            null,
            Map.of("toZxid", Zxid.hex(middle.zxid()), "target", "scratch"));
    assertNotNull(created);
    int leader = bed.controllers().awaitLeader(Duration.ofSeconds(10));
    awaitTrue("the restore leased", () -> jobState("restore-middle") != JobState.PENDING);
    bed.controllers().stopNode(leader);
    Job restored = bed.awaitJob("restore-middle", WAIT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, restored.status().state(), restored.status().message());
    assertEquals(Zxid.hex(middle.zxid()), restored.status().result().get("restoredZxid"));
    Backup base =
        bed.catalog().backup(restored.status().result().get("fullBackupId")).orElseThrow();
    assertEquals(BackupKind.FULL, base.kind());
    assertTrue(base.toZxid() <= middle.zxid(), "restored from a FULL at or before the target");
    assertNotNull(served.get(), "the scratch server was read");
    assertEquals(List.of(), atMiddle.differences(served.get(), 20), "restored vs source at middle");
    assertTrue(atMiddle.nodes().size() > 100, "a real tree: " + atMiddle.nodes().size());
    bed.controllers().startNode(leader);

    // A damaged increment in eu-west: the restore that needs it refuses it.
    Backup damaged = increments(full).get(1);
    Path data =
        bed.storeDir(WEST).resolve(ArtifactKeys.data("artifacts/" + ENSEMBLE + "/" + damaged.id()));
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int v = f.read();
      f.seek(at);
      f.write(v ^ 0x5a);
    }
    bed.createJob(
        "restore-corrupt",
        JobKind.RESTORE,
        WEST,
        null,
        Map.of("toZxid", Zxid.hex(damaged.toZxid()), "target", "scratch"));
    Job refused = bed.awaitJob("restore-corrupt", WAIT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.FAILED, refused.status().state(), refused.toString());
    assertTrue(
        refused.status().message().contains(damaged.id()),
        "the refusal names the damaged artifact: " + refused.status().message());
  }

  private List<Backup> backups() {
    return bed.catalog().backupsByZxid(ENSEMBLE, 0, Long.MAX_VALUE);
  }

  private List<Backup> increments(Backup full) {
    return backups().stream()
        .filter(b -> b.kind() == BackupKind.INCREMENTAL && b.toZxid() > full.toZxid())
        .toList();
  }

  private long lastIncrementZxid(Backup full) {
    List<Backup> incs = increments(full);
    return incs.isEmpty() ? -1 : incs.get(incs.size() - 1).toZxid();
  }

  /** Each increment starts where the previous one ended: no gap and no duplicate. */
  private void assertContiguous(Backup full) {
    List<Backup> incs = increments(full);
    Set<String> ids = new HashSet<>();
    long reach = incs.get(0).fromZxid();
    assertTrue(
        reach <= full.toZxid(),
        "the first increment reaches back to the FULL "
            + full.id()
            + " at "
            + Zxid.hex(full.toZxid())
            + ": "
            + incs.subList(0, Math.min(3, incs.size())).stream()
                .map(b -> b.id() + "(" + Zxid.hex(b.fromZxid()) + ")")
                .toList());
    for (Backup b : incs) {
      assertTrue(ids.add(b.id()), "duplicate " + b.id());
      assertEquals(Zxid.hex(reach), Zxid.hex(b.fromZxid()), "increment " + b.id() + " follows on");
      reach = b.toZxid();
    }
  }

  private JobState jobState(String id) {
    return bed.catalog().job(id).map(j -> j.status().state()).orElse(JobState.PENDING);
  }

  private static <T> T await(String what, java.util.function.Supplier<T> found)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      T t;
      try {
        t = found.get();
      } catch (RuntimeException e) {
        t = null; // a controller restarting
      }
      if (t != null && !Boolean.FALSE.equals(t)) {
        return t;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    await(what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /** A steady write load that can pause for a quiet point and reconnect after a restart. */
  private static final class Load implements AutoCloseable {
    private final Object lock = new Object();
    private ZooKeeper zk;
    private ZooKeeper eph;
    private Workload workload;
    private volatile boolean paused;
    private volatile boolean stopped;
    private Thread thread;
    private int seed = 7;

    Load(String connect) throws Exception {
      connect(connect);
    }

    private void connect(String connect) throws Exception {
      zk = ZkClients.connect(connect, Duration.ofSeconds(30));
      zk.addAuthInfo("digest", Workload.USER.getBytes(StandardCharsets.UTF_8));
      eph = ZkClients.connect(connect, Duration.ofSeconds(30));
      workload = new Workload(zk, eph, seed++);
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (!stopped) {
                  try {
                    synchronized (lock) {
                      if (!paused) {
                        workload.run(10);
                      }
                    }
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  } catch (RuntimeException e) {
                    // a restart in progress: the next round tries again
                  }
                }
              },
              "e2e-load");
      thread.start();
    }

    void pause() {
      synchronized (lock) {
        paused = true;
      }
    }

    void run(int ops) throws InterruptedException {
      synchronized (lock) {
        workload.run(ops);
      }
    }

    void reconnect(String connect) throws Exception {
      synchronized (lock) {
        closeClients();
        connect(connect);
        paused = false;
      }
    }

    /** Pauses the load, waits for the members to agree on a zxid and copies member 1's dirs. */
    RecordedSource.QuietPoint quietPoint(AgentTestBed bed) throws Exception {
      synchronized (lock) {
        boolean was = paused;
        paused = true;
        try {
          List<MemberConfig> members = bed.eastConfig().ensembles().get(0).members();
          long zxid = -1;
          for (int i = 0; i < 400 && zxid < 0; i++) {
            List<Long> zxids = new ArrayList<>();
            for (MemberConfig m : members) {
              zxids.add(
                  FourLetterWords.srvr(m.host(), m.clientPort(), Duration.ofSeconds(2)).zxid());
            }
            if (zxids.stream().distinct().count() == 1 && zxids.get(0) > 0) {
              zxid = zxids.get(0);
            } else {
              Thread.sleep(50);
            }
          }
          assertTrue(zxid > 0, "members agree on a zxid");
          MemberConfig m = members.get(0);
          Path copy = TestDirs.create("e2e-quiet");
          TestDirs.copyTree(m.dataDir(), copy.resolve("data"));
          TestDirs.copyTree(m.dataLogDir(), copy.resolve("log"));
          return new RecordedSource.QuietPoint(
              "quiet", zxid, copy.resolve("data"), copy.resolve("log"));
        } finally {
          paused = was;
        }
      }
    }

    private void closeClients() throws InterruptedException {
      if (zk != null) {
        zk.close();
      }
      if (eph != null) {
        eph.close();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stopped = true;
      if (thread != null) {
        thread.interrupt();
        thread.join(10_000);
      }
      closeClients();
    }
  }
}
