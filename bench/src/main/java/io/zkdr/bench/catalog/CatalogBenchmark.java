package io.zkdr.bench.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The catalog benchmark: three controllers on loopback in this JVM, driven over HTTP.
 *
 * <p>Load comes from {@link LoadDriver}: closed-loop clients over one event loop, each waiting for
 * its answer before sending again; every phase starts with a warm-up that is not measured.
 *
 * <ul>
 *   <li>{@code catalog.write_per_s}, {@code catalog.write_p99_ms}: backup-record writes from 64
 *       concurrent clients spread over the three controllers.
 *   <li>{@code catalog.read_per_s}, {@code catalog.read_p99_ms}: "latest restorable point of X" and
 *       "backups of X between t1 and t2" (local reads) against the loaded records.
 *   <li>{@code catalog.failover_ms}: kill the leader, time to the first successful write.
 * </ul>
 *
 * Options: {@code --records N} (default 1000000, loaded in batched commands), {@code --clients N}
 * (64), {@code --seconds N} per phase (10), {@code --dir PATH} (target/bench-catalog).
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

  /** JIT warm-up before each measured phase. */
  private static final Duration WARMUP = Duration.ofSeconds(5);

  private final LoadDriver driver;
  private final LocalCluster cluster;
  private final int clients;
  private final Duration phase;

  private CatalogBenchmark(LocalCluster cluster, int clients, Duration phase) {
    this.driver = new LoadDriver(Math.max(1, clients / 3 + 1));
    this.cluster = cluster;
    this.clients = clients;
    this.phase = phase;
  }

  public static void main(String[] args) throws Exception {
    // Without a configuration logback logs everything; that would measure the logger.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    long records = 1_000_000;
    int clients = 64;
    int seconds = 10;
    Path dir = Path.of("target", "bench-catalog");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(args[i + 1]);
        case "--clients" -> clients = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path runDir = dir.resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(runDir);
    try (LocalCluster cluster = new LocalCluster(runDir)) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      CatalogBenchmark b = new CatalogBenchmark(cluster, clients, Duration.ofSeconds(seconds));
      b.seed();
      b.writes();
      b.load(records);
      b.reads(records);
      b.failover();
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

  private void writes() throws Exception {
    AtomicLong seq = new AtomicLong();
    LatencyRecorder[] rec =
        driver.run(
            clients,
            WARMUP,
            phase,
            201,
            client -> {
              long n = seq.getAndIncrement();
              Buffer body = json(record("w-" + n, "writes-zk", n));
              return driver.send(HttpMethod.POST, cluster.url(client % 3) + "/v1/backups", body);
            });
    report("catalog.write", rec);
  }

  private static Buffer json(Object body) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
  }

  private void reads(long records) throws Exception {
    long perEnsemble = Math.max(1, records / ENSEMBLES);
    LatencyRecorder[] rec =
        driver.run(
            clients,
            WARMUP,
            phase,
            200,
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
            });
    report("catalog.read", rec);
  }

  private void failover() throws Exception {
    int leader = cluster.awaitLeader(Duration.ofSeconds(10));
    int target = (leader + 1) % 3;
    long t0 = System.nanoTime();
    cluster.kill(leader);
    AtomicLong electedAt = new AtomicLong();
    Thread watcher =
        new Thread(
            () -> {
              try {
                cluster.awaitLeader(Duration.ofSeconds(60));
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
      if (s == 201) {
        break;
      }
      if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
        throw new IllegalStateException("no successful write within 60 s of the leader kill");
      }
      Thread.sleep(10);
    }
    long firstWrite = System.nanoTime();
    watcher.join(60_000);
    System.out.printf("catalog.failover_ms %.0f ms%n", (firstWrite - t0) / 1e6);
    System.out.printf("catalog.failover_election_ms %.0f ms%n", (electedAt.get() - t0) / 1e6);
  }

  private void report(String name, LatencyRecorder[] rec) {
    long n = 0;
    for (LatencyRecorder r : rec) {
      n += r.count();
    }
    System.out.printf("%s_per_s %.0f ops/s%n", name, n / (phase.toNanos() / 1e9));
    System.out.printf("%s_p99_ms %.2f ms%n", name, LatencyRecorder.percentileMs(rec, 0.99));
  }
}
