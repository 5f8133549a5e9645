package io.zkdr.bench.catalog;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP load generator: N logical clients over one Vert.x event loop with keep-alive connections.
 * Asynchronous on purpose: a thread per client with a blocking client spent more CPU on the client
 * side than the controllers spent serving, on a two-core machine.
 *
 * <p>Two modes. {@link #run closed loop}: each client sends its next request when the previous
 * answer arrived, which finds the highest throughput. {@link #runPaced paced}: the clients together
 * offer a fixed rate, each on its own schedule, and latency counts from when a request was due (not
 * when it was sent), so a server that falls behind shows its queueing in the figures instead of
 * slowing the clients down. A latency goal at a given rate is measured paced: in a closed loop, 64
 * clients at 2,000/s wait 32 ms on average by Little's law, whatever the server does.
 */
final class LoadDriver implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final HttpClient http;
  private volatile double lastPacedSeconds;
  private volatile long lastCpuNanos;

  LoadDriver(int connectionsPerHost) {
    http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
            new PoolOptions().setHttp1MaxSize(connectionsPerHost).setMaxWaitQueueSize(-1));
  }

  /** One request; completes with the status once the whole answer arrived. */
  Future<Integer> send(HttpMethod method, String url, Buffer body) {
    RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(url);
    return http.request(o)
        .compose(
            req -> {
              if (body != null) {
                req.putHeader("content-type", "application/json");
                return req.send(body);
              }
              return req.send();
            })
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  /** Builds the request of one client's next operation. */
  @FunctionalInterface
  interface Operation {
    Future<Integer> start(int client);
  }

  /**
   * Runs {@code clients} closed loops of {@code op} for {@code warmup} then {@code phase}; returns
   * per-client latencies of answers with status {@code expected} during the measured phase.
   */
  LatencyRecorder[] run(int clients, Duration warmup, Duration phase, int expected, Operation op)
      throws InterruptedException {
    LatencyRecorder[] rec = new LatencyRecorder[clients];
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    long end = warmupEnd + phase.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      rec[c] = new LatencyRecorder();
      int client = c;
      vertx.runOnContext(v -> loop(client, rec[client], warmupEnd, end, expected, op, done));
    }
    sleepUntil(warmupEnd);
    long cpu0 = processCpuNanos();
    sleepUntil(end);
    lastCpuNanos = processCpuNanos() - cpu0;
    if (!done.await(warmup.plus(phase).plusSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("load clients did not finish");
    }
    return rec;
  }

  /**
   * CPU time this process (the three controllers and the load generator) used during the measured
   * phase of the last closed-loop run. Per operation it is steadier from run to run than latency
   * percentiles on a saturated machine, so it is what tells whether a change made a write cheaper.
   */
  long lastCpuNanos() {
    return lastCpuNanos;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private void loop(
      int client,
      LatencyRecorder rec,
      long warmupEnd,
      long end,
      int expected,
      Operation op,
      CountDownLatch done) {
    long t = System.nanoTime();
    if (t >= end) {
      done.countDown();
      return;
    }
    op.start(client)
        .onComplete(
            ar -> {
              account(rec, ar, expected, t, warmupEnd);
              loop(client, rec, warmupEnd, end, expected, op, done);
            });
  }

  /**
   * Runs {@code clients} clients that together offer {@code ratePerSec} requests per second for
   * {@code warmup} then {@code phase}; returns per-client latencies, measured from when each
   * request was due, of answers with status {@code expected} during the measured phase.
   */
  LatencyRecorder[] runPaced(
      int clients, double ratePerSec, Duration warmup, Duration phase, int expected, Operation op)
      throws InterruptedException {
    long start = System.nanoTime();
    long warmupEnd = start + warmup.toNanos();
    PacedClients paced =
        new PacedClients(
            clients,
            (long) (clients * 1e9 / ratePerSec),
            start,
            warmupEnd,
            warmupEnd + phase.toNanos(),
            expected,
            op);
    vertx.runOnContext(v -> paced.start());
    if (!paced.done.await(warmup.plus(phase).plusSeconds(120).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("load clients did not finish");
    }
    lastPacedSeconds = Math.max(phase.toNanos(), System.nanoTime() - warmupEnd) / 1e9;
    return paced.rec;
  }

  /**
   * How long the last paced phase took from its measured start until every request due in it was
   * answered: longer than the phase when the server fell behind the offered rate.
   */
  double lastPacedSeconds() {
    return lastPacedSeconds;
  }

  /**
   * The paced clients' schedules, driven by one millisecond tick on the load generator's event loop
   * that sends every request due by then. A timer per request woke the event loop for each one, and
   * on two cores shared with the controllers that cost the load generator four times the CPU per
   * request of the closed loop. A request goes out at the first tick at or after it is due (never
   * early) and its latency counts from when it was due, so a late tick counts against the server,
   * not for it. A client sends one request at a time: one whose answer comes after its next request
   * was due sends that request at once.
   */
  private final class PacedClients {
    final LatencyRecorder[] rec;
    final CountDownLatch done;
    private final long interval;
    private final long warmupEnd;
    private final long end;
    private final int expected;
    private final Operation op;
    private final long[] due;

    /** Idle clients by when their next request is due; touched on the event loop only. */
    private final PriorityQueue<Integer> idle;

    private long tick = -1;

    PacedClients(
        int clients,
        long interval,
        long start,
        long warmupEnd,
        long end,
        int expected,
        Operation op) {
      this.rec = new LatencyRecorder[clients];
      this.done = new CountDownLatch(clients);
      this.interval = interval;
      this.warmupEnd = warmupEnd;
      this.end = end;
      this.expected = expected;
      this.op = op;
      this.due = new long[clients];
      this.idle = new PriorityQueue<>(clients, Comparator.comparingLong(c -> due[c]));
      for (int c = 0; c < clients; c++) {
        rec[c] = new LatencyRecorder();
        // Spread the clients' schedules over one interval so that they do not send in bursts.
        due[c] = start + interval * c / clients;
        idle.add(c);
      }
    }

    void start() {
      tick = vertx.setPeriodic(1, id -> sendDue(System.nanoTime()));
    }

    private void sendDue(long now) {
      while (!idle.isEmpty() && due[idle.peek()] <= now) {
        send(idle.poll());
      }
    }

    private void send(int client) {
      long since = due[client];
      if (since >= end) {
        finished();
        return;
      }
      op.start(client)
          .onComplete(
              ar -> {
                account(rec[client], ar, expected, since, warmupEnd);
                due[client] = since + interval;
                if (due[client] <= System.nanoTime()) {
                  send(client);
                } else {
                  idle.add(client);
                }
              });
    }

    private void finished() {
      done.countDown();
      if (done.getCount() == 0) {
        vertx.cancelTimer(tick);
      }
    }
  }

  /**
   * Records a request that started (or was due) at {@code since}: its latency when it got the
   * expected status, else a failure; nothing during the warm-up.
   */
  private static void account(
      LatencyRecorder rec, AsyncResult<Integer> ar, int expected, long since, long warmupEnd) {
    if (since < warmupEnd) {
      return;
    }
    if (ar.succeeded() && ar.result() == expected) {
      rec.record(since, System.nanoTime() - since);
    } else {
      rec.fail();
    }
  }

  @Override
  public void close() {
    http.close().await();
    vertx.close().await();
  }
}
