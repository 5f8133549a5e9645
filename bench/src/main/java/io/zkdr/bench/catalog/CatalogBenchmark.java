package io.zkdr.bench.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The catalog benchmark: three controllers on loopback in this JVM, driven over HTTP.
 *
 * <p>Load comes from {@link LoadDriver}, 64 clients spread over the three controllers. Each of the
 * write and read measurements has two phases: a closed loop (each client sends again when its
 * answer arrived) after a warm-up, which gives the throughput; then a paced phase where the clients
 * together offer the goal's rate, which gives the latency at that rate (a closed loop cannot: its
 * latency is clients / throughput by Little's law).
 *
 * <ul>
 *   <li>{@code catalog.write_per_s}: closed-loop backup-record writes; {@code
 *       catalog.write_p99_ms}: p99 with writes offered at {@code --write-rate}; {@code
 *       catalog.write_cpu_us_per_op}: CPU time of the whole process (controllers and load
 *       generator) per closed-loop write, a figure steadier between runs than the p99.
 *   <li>{@code catalog.read_per_s}, {@code catalog.read_p99_ms}: the same for "latest restorable
 *       point of X" and "backups of X between t1 and t2" (local reads) against the loaded records,
 *       offered at {@code --read-rate}.
 *   <li>{@code catalog.failover_ms}: kill the leader, time to the first successful write.
 * </ul>
 *
 * The warm-up is long because three controllers in one JVM keep the C2 compiler busy for two
 * minutes and more (some 2,500 hot methods of Ratis, gRPC, Netty, Vert.x and Jackson), on the same
 * two cores the measurement uses; a controller in production is long-running. Reads are measured
 * after the databases have compacted the bulk load.
 *
 * <p>Options: {@code --records N} (default 1000000, loaded in batched commands), {@code --clients
 * N} (64), {@code --seconds N} per measured phase (10), {@code --warmup N} seconds before the first
 * closed loop of writes and of reads (90), {@code --write-rate N} (2000/s), {@code --read-rate N}
 * (10000/s), {@code --dir PATH} (target/bench-catalog), {@code --phases LIST} (comma-separated
 * subset of {@code writes,reads,failover}; all by default), {@code --block-cache-mb N} (256, each
 * controller's {@code catalog.blockCacheBytes}), {@code --event-loops N} (1) and {@code
 * --read-threads N} (2), each controller's {@code http.eventLoops} and {@code http.readThreads}:
 * three controllers and the load generator share two CPUs here; {@code --snapshot-threshold N} (the
 * controllers' default {@code raft.snapshotThreshold}, 20000: a Raft snapshot about every 20 s of
 * paced writes, so every measured phase of 60 s holds some); {@code --trace DIR} writes every paced
 * request's start and latency to {@code DIR/writes-paced.tsv} and {@code reads-paced.tsv} and logs
 * the controllers' events, to find what the slow requests had in common.
 */
public final class CatalogBenchmark {
  private static final ObjectMapper JSON = JsonMapperFactory.shared();
  private static final String CHECKSUM = "ab".repeat(32);
  private static final int ENSEMBLES = 100;
  private static final int CHAIN = 100;
  private static final int BATCH = 2_000;
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newFixedThreadPool(8))
          .build();

  /** Warm-up before a paced phase that follows a closed-loop one (the JIT is warm by then). */
  private static final Duration PACED_WARMUP = Duration.ofSeconds(3);

  private final LoadDriver driver;
  private final LocalCluster cluster;
  private final int clients;
  private final Duration phase;
  private final Duration warmup;
  private final double writeRate;
  private final double readRate;

  /**
   * Where to write each paced phase's latencies (see {@link LatencyRecorder#writeTrace}), or null.
   */
  private Path trace;

  private CatalogBenchmark(
      LocalCluster cluster,
      int clients,
      Duration phase,
      Duration warmup,
      double writeRate,
      double readRate) {
    this.driver = new LoadDriver(Math.max(1, clients / 3 + 1));
    this.cluster = cluster;
    this.clients = clients;
    this.phase = phase;
    this.warmup = warmup;
    this.writeRate = writeRate;
    this.readRate = readRate;
  }

  public static void main(String[] args) throws Exception {
    // Without a configuration logback logs everything; that would measure the logger.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    long records = 1_000_000;
    int clients = 64;
    int seconds = 10;
    int warmupSeconds = 90;
    double writeRate = 2_000;
    double readRate = 10_000;
    Path dir = Path.of("target", "bench-catalog");
    Set<String> phases = Set.of("writes", "reads", "failover");
    long blockCacheMb = CatalogStore.DEFAULT_BLOCK_CACHE_BYTES >> 20;
    // Three controllers and the load generator share two CPUs: one event loop and two read threads
    // each (http.eventLoops, http.readThreads) rather than the defaults sized for a host of its
    // own.
    int eventLoops = 1;
    int readThreads = 2;
    long snapshotThreshold = ControllerConfig.DEFAULT_SNAPSHOT_THRESHOLD;
    Path trace = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(args[i + 1]);
        case "--clients" -> clients = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmupSeconds = Integer.parseInt(args[i + 1]);
        case "--write-rate" -> writeRate = Double.parseDouble(args[i + 1]);
        case "--read-rate" -> readRate = Double.parseDouble(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--phases" -> phases = Set.of(args[i + 1].split(","));
        case "--block-cache-mb" -> blockCacheMb = Long.parseLong(args[i + 1]);
        case "--event-loops" -> eventLoops = Integer.parseInt(args[i + 1]);
        case "--read-threads" -> readThreads = Integer.parseInt(args[i + 1]);
        case "--snapshot-threshold" -> snapshotThreshold = Long.parseLong(args[i + 1]);
        case "--trace" -> trace = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path runDir = dir.resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(runDir);
    System.out.printf("catalog.block_cache_mb %d MiB%n", blockCacheMb);
    System.out.printf("catalog.event_loops %d threads%n", eventLoops);
    System.out.printf("catalog.read_threads %d threads%n", readThreads);
    System.out.printf("catalog.snapshot_threshold %d entries%n", snapshotThreshold);
    if (trace != null) {
      Files.createDirectories(trace);
      // The controllers' own events (snapshots, leader changes), to set beside the latencies.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zkdr"))
          .setLevel(ch.qos.logback.classic.Level.INFO);
    }
    try (LocalCluster cluster =
        new LocalCluster(runDir, blockCacheMb << 20, eventLoops, readThreads, snapshotThreshold)) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      CatalogBenchmark b =
          new CatalogBenchmark(
              cluster,
              clients,
              Duration.ofSeconds(seconds),
              Duration.ofSeconds(warmupSeconds),
              writeRate,
              readRate);
      b.trace = trace;
      b.seed();
      if (phases.contains("writes")) {
        b.writes();
      }
      if (phases.contains("reads")) {
        b.load(records);
        b.reads(records);
      }
      if (phases.contains("failover")) {
        b.failover();
      }
    }
    System.exit(0);
  }

  private int send(String method, String url, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (body == null) {
      rb.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      rb.header("content-type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    return http.send(rb.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void require(int status, int expected, String what) {
    if (status != expected) {
      throw new IllegalStateException(what + " answered " + status);
    }
  }

  private void seed() throws Exception {
    for (String r : LocalCluster.REGIONS) {
      require(
          send("PUT", cluster.url(0) + "/v1/regions/" + r, Map.of("description", r)),
          200,
          "region");
    }
    for (int e = 0; e < ENSEMBLES; e++) {
      Map<String, Object> spec =
          Map.of(
              "members", List.of(), "homeRegion", "us-east", "standbyRegions", List.of("eu-west"));
      require(
          send("PUT", cluster.url(e % 3) + "/v1/ensembles/" + ensemble(e), spec), 200, "ensemble");
    }
    require(
        send(
            "PUT",
            cluster.url(0) + "/v1/ensembles/writes-zk",
            Map.of("members", List.of(), "homeRegion", "us-east")),
        200,
        "ensemble");
  }

  private static String ensemble(int e) {
    return "zk-" + e;
  }

  /** The n-th record of an ensemble: a full every CHAIN records, increments in between. */
  private static Map<String, Object> record(String id, String ensemble, long n) {
    boolean full = n % CHAIN == 0;
    long to = 0x100000000L + (n + 1) * 10;
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("id", id);
    b.put("ensemble", ensemble);
    b.put("kind", full ? "FULL" : "INCREMENTAL");
    b.put("fromZxid", "0x" + Long.toHexString(full ? to : to - 10));
    b.put("toZxid", "0x" + Long.toHexString(to));
    b.put("createdAt", T0.plusSeconds(60 * n).toString());
    b.put("sizeBytes", 1_000_000);
    b.put(
        "copies",
        Map.of(
            "us-east", Map.of("region", "us-east", "uri", "s3://bk/" + id, "checksum", CHECKSUM)));
    return b;
  }

  /**
   * {@link #record} as JSON, written directly: encoding a map with Jackson for every request was a
   * noticeable share of the CPU the load generator takes from the controllers it measures.
   */
  private static String recordJson(String id, String ensemble, long n) {
    boolean full = n % CHAIN == 0;
    long to = 0x100000000L + (n + 1) * 10;
    return "{\"id\":\""
        + id
        + "\",\"ensemble\":\""
        + ensemble
        + "\",\"kind\":\""
        + (full ? "FULL" : "INCREMENTAL")
        + "\",\"fromZxid\":\"0x"
        + Long.toHexString(full ? to : to - 10)
        + "\",\"toZxid\":\"0x"
        + Long.toHexString(to)
        + "\",\"createdAt\":\""
        + T0.plusSeconds(60 * n)
        + "\",\"sizeBytes\":1000000,\"copies\":{\"us-east\":{\"region\":\"us-east\",\"uri\":\"s3://bk/"
        + id
        + "\",\"checksum\":\""
        + CHECKSUM
        + "\"}}}";
  }

  private void writes() throws Exception {
    AtomicLong seq = new AtomicLong();
    LoadDriver.Operation write =
        client -> {
          long n = seq.getAndIncrement();
          Buffer body = Buffer.buffer(recordJson("w-" + n, "writes-zk", n));
          return driver.send(HttpMethod.POST, cluster.url(client % 3) + "/v1/backups", body);
        };
    LatencyRecorder[] closed = driver.run(clients, warmup, phase, 201, write);
    LatencyRecorder[] paced = driver.runPaced(clients, writeRate, PACED_WARMUP, phase, 201, write);
    report("catalog.write", closed, paced, writeRate);
    traceTo("writes-paced.tsv", paced);
    System.out.printf(
        "catalog.write_commands_per_entry %.1f commands%n", cluster.commandsPerEntry());
  }

  private void traceTo(String name, LatencyRecorder[] paced) throws IOException {
    if (trace != null) {
      LatencyRecorder.writeTrace(paced, trace.resolve(name));
    }
  }

  private void load(long records) throws Exception {
    long perEnsemble = Math.max(1, records / ENSEMBLES);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int e = 0; e < ENSEMBLES; e++) {
      int ens = e;
      done.add(
          pool.submit(
              () -> {
                List<Object> batch = new ArrayList<>();
                for (long n = 0; n < perEnsemble; n++) {
                  batch.add(record("r-" + ens + "-" + n, ensemble(ens), n));
                  if (batch.size() == BATCH || n == perEnsemble - 1) {
                    require(
                        send(
                            "POST",
                            cluster.url(ens % 3) + "/v1/backup-batches",
                            Map.of("backups", batch)),
                        201,
                        "batch");
                    batch = new ArrayList<>();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("catalog.load_records %d records%n", perEnsemble * ENSEMBLES);
    System.out.printf("catalog.load_per_s %.0f records/s%n", perEnsemble * ENSEMBLES / s);
    // A catalog is read in a steady state, not while three databases compact a bulk load.
    long t1 = System.nanoTime();
    cluster.awaitCompactions(Duration.ofMinutes(5));
    System.out.printf("catalog.load_settle_s %.1f s%n", (System.nanoTime() - t1) / 1e9);
  }

  private void reads(long records) throws Exception {
    long perEnsemble = Math.max(1, records / ENSEMBLES);
    LoadDriver.Operation read =
        client -> {
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          String ens = ensemble(rnd.nextInt(ENSEMBLES));
          String url;
          if (rnd.nextBoolean()) {
            url = cluster.url(client % 3) + "/v1/ensembles/" + ens + "/restorable/latest";
          } else {
            long from = rnd.nextLong(Math.max(1, perEnsemble - 50));
            Instant t1 = T0.plusSeconds(60 * from);
            Instant t2 = t1.plusSeconds(60 * 50);
            url =
                cluster.url(client % 3)
                    + "/v1/ensembles/"
                    + ens
                    + "/backups?from="
                    + t1
                    + "&to="
                    + t2;
          }
          return driver.send(HttpMethod.GET, url, null);
        };
    LatencyRecorder[] closed = driver.run(clients, warmup, phase, 200, read);
    LatencyRecorder[] paced = driver.runPaced(clients, readRate, PACED_WARMUP, phase, 200, read);
    report("catalog.read", closed, paced, readRate);
    traceTo("reads-paced.tsv", paced);
  }

  private void failover() throws Exception {
    int leader = cluster.awaitLeader(Duration.ofSeconds(10));
    int target = (leader + 1) % 3;
    long oldTerm = cluster.term(leader);
    long t0 = System.nanoTime();
    // The kill runs beside the writes: closing a controller (its HTTP server, Raft server and a
    // last snapshot of a million records) takes seconds, and the others do not wait for that.
    // Waiting for the close before the first write measured the close. A write the old leader
    // still committed does not count: the target's term shows which leader took it.
    Thread killer = new Thread(() -> cluster.kill(leader), "kill-leader");
    killer.start();
    AtomicLong electedAt = new AtomicLong();
    Thread watcher =
        new Thread(
            () -> {
              try {
                cluster.awaitLeader(Duration.ofSeconds(60), leader);
                electedAt.set(System.nanoTime());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    watcher.start();
    long n = 0;
    while (true) {
      int s;
      try {
        s =
            send(
                "POST",
                cluster.url(target) + "/v1/backups",
                record("f-" + n++, "writes-zk", 10_000_000 + n));
      } catch (IOException e) {
        s = -1;
      }
      if (s == 201 && cluster.term(target) > oldTerm) {
        break;
      }
      if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
        throw new IllegalStateException("no successful write within 60 s of the leader kill");
      }
      Thread.sleep(10);
    }
    long firstWrite = System.nanoTime();
    watcher.join(60_000);
    killer.join(60_000);
    System.out.printf("catalog.failover_ms %.0f ms%n", (firstWrite - t0) / 1e6);
    System.out.printf("catalog.failover_election_ms %.0f ms%n", (electedAt.get() - t0) / 1e6);
  }

  /**
   * {@code <name>_per_s}: the closed loop's throughput; {@code <name>_p99_ms}: p99 latency when the
   * clients offer {@code rate} per second; the paced phase's achieved rate and both phases'
   * failures are printed too, so a p99 taken while the rate could not be sustained is visible as
   * such.
   */
  private void report(String name, LatencyRecorder[] closed, LatencyRecorder[] paced, double rate) {
    double secs = phase.toNanos() / 1e9;
    System.out.printf("%s_per_s %.0f ops/s%n", name, count(closed) / secs);
    System.out.printf(
        "%s_closed_p99_ms %.2f ms%n", name, LatencyRecorder.percentileMs(closed, 0.99));
    System.out.printf(
        "%s_cpu_us_per_op %.0f us%n",
        name, driver.lastCpuNanos() / 1e3 / Math.max(1, count(closed)));
    System.out.printf("%s_p50_ms %.2f ms%n", name, LatencyRecorder.percentileMs(paced, 0.50));
    System.out.printf("%s_p90_ms %.2f ms%n", name, LatencyRecorder.percentileMs(paced, 0.90));
    System.out.printf("%s_p99_ms %.2f ms%n", name, LatencyRecorder.percentileMs(paced, 0.99));
    System.out.printf("%s_max_ms %.2f ms%n", name, LatencyRecorder.percentileMs(paced, 1.0));
    System.out.printf("%s_p99_offered_per_s %.0f ops/s%n", name, rate);
    System.out.printf(
        "%s_p99_achieved_per_s %.0f ops/s%n", name, count(paced) / driver.lastPacedSeconds());
    System.out.printf("%s_errors %d errors%n", name, failures(closed) + failures(paced));
  }

  private static long count(LatencyRecorder[] rec) {
    long n = 0;
    for (LatencyRecorder r : rec) {
      n += r.count();
    }
    return n;
  }

  private static long failures(LatencyRecorder[] rec) {
    long n = 0;
    for (LatencyRecorder r : rec) {
      n += r.failures();
    }
    return n;
  }
}
