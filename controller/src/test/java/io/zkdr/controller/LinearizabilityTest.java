package io.zkdr.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.controller.testing.Fixtures;
import io.zkdr.controller.testing.Http;
import io.zkdr.controller.testing.RegisterHistoryChecker;
import io.zkdr.controller.testing.RegisterHistoryChecker.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Concurrent clients write and linearizably read a few registers (region descriptions) through all
 * three controllers while the leader is killed; the recorded history must be linearizable.
 */
class LinearizabilityTest {
  private static final int CLIENTS = 8;
  private static final int KEYS = 4;

  @Test
  void historyWithALeaderKillIsLinearizable() throws Exception {
    try (ControllerCluster c = ControllerCluster.start("linearizable")) {
      c.awaitLeader(Duration.ofSeconds(15));
      Http setup = new Http();
      for (int k = 0; k < KEYS; k++) {
        assertEquals(
            200,
            setup.put(c.url(k % 3) + "/v1/regions/reg-" + k, Fixtures.region("init")).status());
      }
      Map<Integer, List<Op>> history = new ConcurrentHashMap<>();
      for (int k = 0; k < KEYS; k++) {
        history.put(k, Collections.synchronizedList(new ArrayList<>()));
      }
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int ci = 0; ci < CLIENTS; ci++) {
        int client = ci;
        clients.add(pool.submit(() -> runClient(c, client, history, stop)));
      }
      Thread.sleep(1500);
      int leader = c.awaitLeader(Duration.ofSeconds(5));
      c.stopNode(leader);
      c.awaitLeader(Duration.ofSeconds(10));
      Thread.sleep(1500);
      stop.set(true);
      for (Future<?> f : clients) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      int completed = 0;
      for (int k = 0; k < KEYS; k++) {
        List<Op> ops = new ArrayList<>(history.get(k));
        completed += (int) ops.stream().filter(o -> o.end() != Long.MAX_VALUE).count();
        assertTrue(RegisterHistoryChecker.linearizable(ops, "init"), "register " + k + ": " + ops);
      }
      assertTrue(completed > 50, "too few operations completed: " + completed);
    }
  }

  private static void runClient(
      ControllerCluster c, int client, Map<Integer, List<Op>> history, AtomicBoolean stop) {
    Http http = new Http();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int seq = 0;
    while (!stop.get()) {
      int key = rnd.nextInt(KEYS);
      int node = rnd.nextInt(3);
      String url = c.url(node) + "/v1/regions/reg-" + key;
      boolean write = rnd.nextBoolean();
      long start = System.nanoTime();
      if (write) {
        String value = "c" + client + "-" + seq++;
        int status;
        try {
          status = http.put(url, Map.of("description", value)).status();
        } catch (Exception e) {
          status = -1;
        }
        long end = status == 200 ? System.nanoTime() : Long.MAX_VALUE;
        history.get(key).add(new Op(true, value, start, end));
      } else {
        try {
          var r = http.get(url + "?consistency=linearizable");
          if (r.status() == 200) {
            history
                .get(key)
                .add(new Op(false, r.json().get("description").asText(), start, System.nanoTime()));
          }
        } catch (Exception e) {
          // a failed read says nothing
        }
      }
    }
  }

  @Test
  void theCheckerRejectsAStaleRead() {
    List<Op> ops =
        List.of(
            new Op(true, "a", 0, 10),
            new Op(true, "b", 20, 30),
            new Op(false, "a", 40, 50)); // reads a after b was acknowledged
    assertFalse(RegisterHistoryChecker.linearizable(ops, "init"));
    List<Op> concurrent =
        List.of(new Op(true, "a", 0, 10), new Op(true, "b", 5, 30), new Op(false, "a", 20, 25));
    assertTrue(RegisterHistoryChecker.linearizable(concurrent, "init"));
  }
}
