package io.zkdr.bench.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop HTTP load generator: N logical clients, each sending its next request when the
 * previous answer arrived, over one Vert.x event loop with keep-alive connections. Asynchronous on
 * purpose: a thread per client with a blocking client spent more CPU on the client side than the
 * controllers spent serving, on a two-core machine.
 */
final class LoadDriver implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final HttpClient http;

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
    if (!done.await(warmup.plus(phase).plusSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("load clients did not finish");
    }
    return rec;
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
              if (ar.succeeded() && ar.result() == expected && t >= warmupEnd) {
                rec.record(System.nanoTime() - t);
              }
              loop(client, rec, warmupEnd, end, expected, op, done);
            });
  }

  @Override
  public void close() {
    http.close().await();
    vertx.close().await();
  }
}
