package io.zkdr.bench.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.AgentConfigWriter;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.agent.config.ShippingConfig;
import io.zkdr.backup.BackupChain;
import io.zkdr.backup.ChainLink;
import io.zkdr.backup.ChainRestorer;
import io.zkdr.bench.Figures;
import io.zkdr.bench.catalog.LocalCluster;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.model.RestorableChain;
import io.zkdr.net.LoopbackPorts;
import io.zkdr.store.BlobStore;
import io.zkdr.store.FileBlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.admin.ServerStatus;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.server.LocalEnsemble;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The shipping benchmark: three controllers in this JVM, a 3-member ZooKeeper ensemble (child
 * processes) in us-east and its site agent as a child process, with a policy that ships increments
 * continuously to eu-west.
 *
 * <ul>
 *   <li>{@code shipping.rpo_p99_ms}: under {@code --rate} writes/s (1,000) for {@code --seconds}
 *       (60), the 99th percentile of the time from a write's commit (its answer at the client) to
 *       the first increment holding its zxid becoming durable in eu-west's store (its manifest
 *       visible there).
 *   <li>{@code shipping.agent_cpu_pct}: the agent process's CPU over that phase, in % of one core
 *       (after 20 s of the same load as a warm-up that is not measured).
 *   <li>{@code restore.pitr_seconds}: with us-east gone (agent and servers stopped), a restore from
 *       eu-west's copies to the zxid {@code --txns} (500,000) transactions after a FULL of {@code
 *       --znodes} (1,000,000) znodes, into three data dirs, until the new 3-member quorum serves at
 *       that zxid.
 * </ul>
 */
public final class ShippingBenchmark {
  private static final String ENSEMBLE = "bench-zk";
  private static final String EAST = "us-east";
  private static final String WEST = "eu-west";
  private static final byte[] DATA = new byte[128];
  private static final int WARMUP_SECONDS = 20;

  private final Path dir;
  private final Figures figures = new Figures(System.out);
  private final int znodes;
  private final int txns;
  private final int rate;
  private final int seconds;

  private ShippingBenchmark(Path dir, int znodes, int txns, int rate, int seconds) {
    this.dir = dir;
    this.znodes = znodes;
    this.txns = txns;
    this.rate = rate;
    this.seconds = seconds;
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    int znodes = 1_000_000;
    int txns = 500_000;
    int rate = 1_000;
    int seconds = 60;
    Path base = Path.of("target", "bench-shipping");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--znodes" -> znodes = Integer.parseInt(args[i + 1]);
        case "--txns" -> txns = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--dir" -> base = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = base.resolve("run-" + System.currentTimeMillis()).toAbsolutePath();
    Files.createDirectories(dir);
    new ShippingBenchmark(dir, znodes, txns, rate, seconds).run();
    System.exit(0);
  }

  private void run() throws Exception {
    ZkServerSettings settings = ZkServerSettings.defaults().withMaxHeapMb(2048);
    try (LocalCluster controllers =
            new LocalCluster(
                dir.resolve("controllers"),
                CatalogStore.DEFAULT_BLOCK_CACHE_BYTES,
                ControllerConfig.DEFAULT_EVENT_LOOPS,
                ControllerConfig.DEFAULT_READ_THREADS);
        LocalEnsemble source =
            LocalEnsemble.layout(
                dir.resolve("zk"), "127.0.0.1", 3, 0, settings, LoopbackPorts::next)) {
      controllers.awaitLeader(Duration.ofSeconds(30));
      source.startAll(Duration.ofSeconds(120));
      populate(source.connectString());

      List<URI> urls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        urls.add(URI.create(controllers.url(i)));
      }
      ControllerHttp api =
          new ControllerHttp(urls, Duration.ofSeconds(5), Duration.ofSeconds(30), "bench");
      register(api, source);
      Process agent = startAgent(urls, source);
      Process westAgent = startWestAgent(urls);
      try (StoreWatch west = new StoreWatch(dir.resolve("stores").resolve(WEST), ENSEMBLE)) {
        long fullZxid = awaitFull(api);
        awaitShipping(api);
        try (ZooKeeper zk = connect(source.connectString())) {
          rpoPhase(zk, west, agent.pid());
          long target = Zxid.of(Zxid.epoch(fullZxid), Zxid.counter(fullZxid) + txns);
          burstTo(zk, target);
          long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
          while (west.lastZxid() < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          if (west.lastZxid() < target) {
            throw new IllegalStateException(
                "eu-west reached only " + Zxid.hex(west.lastZxid()) + ", not " + Zxid.hex(target));
          }
          awaitWestCopyOfFull(api);
          awaitWestCatalogCovers(api, target);
          agent.destroy();
          agent.waitFor(30, TimeUnit.SECONDS);
          source.close();
          pitr(api, fullZxid, target, settings);
        }
      } finally {
        agent.destroyForcibly();
        westAgent.destroyForcibly();
      }
    }
  }

  private void populate(String connect) throws Exception {
    long t0 = System.nanoTime();
    try (ZooKeeper zk = connect(connect)) {
      zk.create("/bench", DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      int parents = Math.max(1, znodes / 1000);
      for (int p = 0; p < parents; p++) {
        zk.create("/bench/" + p, DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      }
      Semaphore inFlight = new Semaphore(5_000);
      CountDownLatch done = new CountDownLatch(znodes - parents);
      AtomicLong failed = new AtomicLong();
      for (int i = parents; i < znodes; i++) {
        inFlight.acquire();
        zk.create(
            "/bench/" + (i % parents) + "/n" + i,
            DATA,
            ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT,
            (rc, path, ctx, name) -> {
              if (rc != 0) {
                failed.incrementAndGet();
              }
              inFlight.release();
              done.countDown();
            },
            null);
      }
      done.await();
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " creates failed");
      }
    }
    System.err.printf(
        "[bench] %d znodes created in %.1f s%n", znodes, (System.nanoTime() - t0) / 1e9);
  }

  private void register(ControllerHttp api, LocalEnsemble source) {
    for (String r : LocalCluster.REGIONS) {
      api.put("/v1/regions/" + r, Map.of("description", r));
    }
    // A yearly FULL: the scheduler runs this year's tick at once; nothing else captures.
    api.put(
        "/v1/policies/bench",
        Map.of(
            "fullBackupCron", "0 0 1 1 *",
            "incrementalMode", "CONTINUOUS",
            "replicateTo", List.of(WEST)));
    List<Map<String, Object>> members = new ArrayList<>();
    for (ZkMember m : source.members()) {
      members.add(
          Map.of(
              "myid", m.myid(),
              "host", m.host(),
              "clientPort", m.clientPort(),
              "quorumPort", m.quorumPort(),
              "electionPort", m.electionPort(),
              "role", "PARTICIPANT",
              "site", "us-east-a"));
    }
    api.put(
        "/v1/ensembles/" + ENSEMBLE,
        Map.of(
            "members",
            members,
            "homeRegion",
            EAST,
            "standbyRegions",
            List.of(WEST),
            "policy",
            "bench"));
  }

  /**
   * The eu-west agent: it runs the REPLICATE of the FULL that the controllers' planner asks for.
   */
  private Process startWestAgent(List<URI> urls) throws IOException {
    return launch(agentConfig("bench-west-agent", "eu-west-a", WEST, urls, List.of()));
  }

  private Process startAgent(List<URI> urls, LocalEnsemble source) throws IOException {
    List<MemberConfig> members = new ArrayList<>();
    for (ZkMember m : source.members()) {
      // The benchmark runs the servers; the agent only reads them.
      members.add(
          new MemberConfig(
              m.myid(),
              m.host(),
              m.clientPort(),
              m.quorumPort(),
              m.electionPort(),
              0,
              m.dataDir(),
              m.dataLogDir(),
              new MemberControlConfig(
                  MemberControlConfig.Mode.EXTERNAL,
                  List.of("true"),
                  List.of("true"),
                  Duration.ofSeconds(120))));
    }
    return launch(
        agentConfig(
            "bench-agent",
            "us-east-a",
            EAST,
            urls,
            List.of(new EnsembleConfig(ENSEMBLE, members))));
  }

  private AgentConfig agentConfig(
      String id, String site, String region, List<URI> urls, List<EnsembleConfig> ensembles)
      throws IOException {
    Map<String, URI> stores = new LinkedHashMap<>();
    for (String r : List.of(EAST, WEST)) {
      stores.put(r, Files.createDirectories(dir.resolve("stores").resolve(r)).toUri());
    }
    return new AgentConfig(
        id,
        site,
        region,
        urls,
        "127.0.0.1",
        0,
        dir.resolve(id),
        stores,
        Map.of(),
        ensembles,
        ShippingConfig.defaults(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        2);
  }

  private Process launch(AgentConfig config) throws IOException {
    Path file = AgentConfigWriter.write(config, dir.resolve(config.agentId() + ".yaml"));
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            "io.zkdr.agent.AgentMain",
            file.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(config.agentId() + ".log").toFile())
        .start();
  }

  /** The planner replicates a FULL once it is 30 s old; the restore reads eu-west's copy. */
  private void awaitWestCopyOfFull(ControllerHttp api) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode b : api.get("/v1/ensembles/" + ENSEMBLE + "/backups?limit=100").path("items")) {
        if ("FULL".equals(b.path("kind").asText()) && b.path("copies").has(WEST)) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the FULL was not replicated to eu-west within 5 minutes");
  }

  /**
   * An increment's manifest lands in eu-west's store before the agent records the copy in the
   * catalog; the restore below plans from the catalog, so wait until it can reach the target.
   */
  private void awaitWestCatalogCovers(ControllerHttp api, long target) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    long covered = -1;
    long t0 = System.nanoTime();
    while (System.nanoTime() < deadline) {
      String path = "/v1/ensembles/" + ENSEMBLE + "/restorable/latest?region=" + WEST;
      covered = api.get(path, RestorableChain.class).covered().to();
      if (covered >= target) {
        System.err.printf(
            "[bench] the catalog's eu-west chain reached the store after %d ms%n",
            (System.nanoTime() - t0) / 1_000_000);
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the catalog's eu-west chain reaches only "
            + Zxid.hex(covered)
            + ", not "
            + Zxid.hex(target)
            + ", 5 minutes after the store did");
  }

  private long awaitFull(ControllerHttp api) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode page = api.get("/v1/ensembles/" + ENSEMBLE + "/backups?limit=100");
      for (JsonNode b : page.path("items")) {
        if ("FULL".equals(b.path("kind").asText())) {
          long zxid = Zxid.parse(b.path("toZxid").asText());
          System.err.printf("[bench] FULL %s at %s%n", b.path("id").asText(), Zxid.hex(zxid));
          return zxid;
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "no FULL backup within 10 minutes; see " + dir.resolve("bench-agent.log"));
  }

  private void awaitShipping(ControllerHttp api) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode j : api.get("/v1/jobs?state=LEASED&limit=100").path("items")) {
        if ("SHIP_LOG".equals(j.path("spec").path("kind").asText())) {
          Thread.sleep(2_000);
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "log shipping did not start; see " + dir.resolve("bench-agent.log"));
  }

  private void rpoPhase(ZooKeeper zk, StoreWatch west, long agentPid) throws Exception {
    // Warm-up at the same rate, not measured: the agent's JIT settles and the first increments of
    // a fresh shipper do not count against steady-state CPU.
    paced(zk, rate * WARMUP_SECONDS, null, null);
    int n = rate * seconds;
    long[] zxids = new long[n];
    long[] commitNanos = new long[n];
    long cpu0 = cpuTicks(agentPid);
    long start = System.nanoTime();
    paced(zk, n, zxids, commitNanos);
    long elapsed = System.nanoTime() - start;
    double cpuPct = (cpuTicks(agentPid) - cpu0) / 100.0 / (elapsed / 1e9) * 100;
    long lastZxid = Arrays.stream(zxids).max().orElse(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (west.lastZxid() < lastZxid && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    long[] rpo = new long[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (zxids[i] == 0) {
        continue;
      }
      long durable = west.durableNanos(zxids[i]);
      rpo[m++] = durable < 0 ? Long.MAX_VALUE : durable - commitNanos[i];
    }
    long[] sorted = Arrays.copyOf(rpo, m);
    Arrays.sort(sorted);
    figures.report("shipping.writes", m, "writes");
    figures.report("shipping.write_rate", m / (elapsed / 1e9), "writes/s");
    figures.report("shipping.rpo_p50_ms", Math.max(0, sorted[m / 2]) / 1e6, "ms");
    figures.report(
        "shipping.rpo_p99_ms", Math.max(0, sorted[(int) Math.min(m - 1, m * 0.99)]) / 1e6, "ms");
    figures.report("shipping.rpo_max_ms", Math.max(0, sorted[m - 1]) / 1e6, "ms");
    figures.report("shipping.agent_cpu_pct", cpuPct, "% of one core");
  }

  /** {@code n} writes at {@code rate}/s; records each one's zxid and answer time when asked. */
  private void paced(ZooKeeper zk, int n, long[] zxids, long[] commitNanos) throws Exception {
    Semaphore inFlight = new Semaphore(10_000);
    CountDownLatch done = new CountDownLatch(n);
    long start = System.nanoTime();
    long interval = 1_000_000_000L / rate;
    int parents = Math.max(1, znodes / 1000);
    for (int i = 0; i < n; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.acquire();
      int k = i;
      zk.setData(
          "/bench/" + (i % parents),
          DATA,
          -1,
          (rc, path, ctx, stat) -> {
            if (rc == 0 && zxids != null) {
              zxids[k] = stat.getMzxid();
              commitNanos[k] = System.nanoTime();
            }
            inFlight.release();
            done.countDown();
          },
          null);
    }
    done.await();
  }

  /** Writes as fast as the ensemble takes them until the last zxid reaches {@code target}. */
  private void burstTo(ZooKeeper zk, long target) throws Exception {
    long t0 = System.nanoTime();
    Semaphore inFlight = new Semaphore(5_000);
    AtomicLong last = new AtomicLong();
    int parents = Math.max(1, znodes / 1000);
    for (int i = 0; last.get() < target; i++) {
      inFlight.acquire();
      zk.setData(
          "/bench/" + (i % parents),
          DATA,
          -1,
          (rc, path, ctx, stat) -> {
            if (rc == 0) {
              last.accumulateAndGet(stat.getMzxid(), Math::max);
            }
            inFlight.release();
          },
          null);
    }
    inFlight.acquire(5_000);
    System.err.printf(
        "[bench] wrote up to %s in %.1f s%n", Zxid.hex(last.get()), (System.nanoTime() - t0) / 1e9);
  }

  private void pitr(ControllerHttp api, long fullZxid, long target, ZkServerSettings settings)
      throws Exception {
    Path restoreDir = dir.resolve("restored");
    try (LocalEnsemble restored =
            LocalEnsemble.layout(restoreDir, "127.0.0.1", 3, 0, settings, LoopbackPorts::next);
        BlobStore west = FileBlobStore.open(dir.resolve("stores").resolve(WEST).toUri())) {
      long t0 = System.nanoTime();
      List<ChainLink> increments = new ArrayList<>();
      ChainLink full = null;
      String token = null;
      do {
        JsonNode page =
            api.get(
                "/v1/ensembles/"
                    + ENSEMBLE
                    + "/backups?limit=1000&fromZxid="
                    + Zxid.hex(fullZxid)
                    + "&toZxid="
                    + Zxid.hex(Long.MAX_VALUE)
                    + (token == null ? "" : "&pageToken=" + token));
        for (JsonNode b : page.path("items")) {
          if (!b.path("copies").has(WEST)) {
            continue;
          }
          ChainLink link =
              ChainLink.read(west, "artifacts/" + ENSEMBLE + "/" + b.path("id").asText());
          if ("FULL".equals(b.path("kind").asText())) {
            full = full == null ? link : full;
          } else {
            increments.add(link);
          }
        }
        token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
      } while (token != null);
      if (full == null) {
        throw new IllegalStateException("no FULL copy in eu-west");
      }
      List<MemberDataDir> dirs = new ArrayList<>();
      for (ZkMember m : restored.members()) {
        dirs.add(new MemberDataDir(m.myid(), m.dataDir(), m.dataLogDir()));
      }
      ChainRestorer.restore(
          west, BackupChain.of(full, increments), ReplayTarget.zxid(target), dirs, true);
      long written = System.nanoTime();
      restored.startAll(Duration.ofMinutes(3));
      ZkServerProcess any = restored.servers().get(0);
      ServerStatus s =
          FourLetterWords.srvr("127.0.0.1", any.member().clientPort(), Duration.ofSeconds(5));
      long t1 = System.nanoTime();
      if (s.zxid() < target || s.nodeCount() < znodes) {
        throw new IllegalStateException(
            "the restored quorum serves " + s + ", expected " + Zxid.hex(target));
      }
      figures.report("restore.pitr_links", increments.size() + 1, "artifacts");
      figures.report("restore.pitr_write_seconds", (written - t0) / 1e9, "s");
      figures.report("restore.pitr_seconds", (t1 - t0) / 1e9, "s");
    }
  }

  private static ZooKeeper connect(String connect) throws Exception {
    CountDownLatch up = new CountDownLatch(1);
    ZooKeeper zk =
        new ZooKeeper(
            connect,
            30_000,
            e -> {
              if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
              }
            });
    if (!up.await(30, TimeUnit.SECONDS)) {
      zk.close();
      throw new IOException("cannot connect to " + connect);
    }
    return zk;
  }

  /** utime + stime of a process, in clock ticks (1/100 s). */
  private static long cpuTicks(long pid) throws IOException {
    String stat =
        Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static {
    Arrays.fill(DATA, (byte) 'x');
  }
}
