package io.zkdr.cli.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A small steady write load on the demo ensemble: creates {@code /demo/orders/order-N}, updates
 * {@code /demo/counter}, and deletes old orders so the tree stays small. Failures (a member
 * restarting) are counted and the load goes on.
 */
final class WriteLoad implements AutoCloseable {
  private static final String ORDERS = "/demo/orders";
  private static final int KEEP = 500;

  private final CuratorFramework client;
  private final int writesPerSecond;
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong lastZxid = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private boolean clientStarted;
  private boolean writing;

  WriteLoad(String connectString, int writesPerSecond) {
    quietClientLogs();
    this.writesPerSecond = writesPerSecond;
    this.client =
        CuratorFrameworkFactory.newClient(
            connectString, 15_000, 5_000, new ExponentialBackoffRetry(200, 5));
    this.thread = new Thread(this::run, "zkdr-demo-load");
    this.thread.setDaemon(true);
  }

  /**
   * Connects (once) and waits up to {@code timeout} for the ensemble to serve; the writes start
   * with the first connection.
   *
   * @return whether the ensemble serves
   */
  synchronized boolean awaitConnected(Duration timeout) throws InterruptedException {
    if (!clientStarted) {
      client.start();
      clientStarted = true;
    }
    if (!client.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    if (!writing) {
      writing = true;
      thread.start();
    }
    return true;
  }

  /** Writes that succeeded so far. */
  long writes() {
    return writes.get();
  }

  /** Writes that failed so far. */
  long errors() {
    return errors.get();
  }

  /** The zxid of the newest successful update of {@code /demo/counter}, 0 before the first. */
  long lastZxid() {
    return lastZxid.get();
  }

  private void run() {
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, writesPerSecond);
    long next = System.nanoTime();
    long n = 0;
    try {
      client.create().orSetData().creatingParentsIfNeeded().forPath("/demo/counter", bytes(0));
      client.create().orSetData().creatingParentsIfNeeded().forPath(ORDERS, new byte[0]);
    } catch (Exception e) {
      errors.incrementAndGet();
    }
    while (running) {
      try {
        n++;
        client.create().withMode(CreateMode.PERSISTENT).forPath(ORDERS + "/order-" + n, bytes(n));
        Stat st = client.setData().forPath("/demo/counter", bytes(n));
        lastZxid.set(st.getMzxid());
        writes.addAndGet(2);
        if (n > KEEP) {
          deleteQuietly(ORDERS + "/order-" + (n - KEEP));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        errors.incrementAndGet();
      }
      next += intervalNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(sleep);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      } else {
        next = System.nanoTime();
      }
    }
  }

  private void deleteQuietly(String path) throws Exception {
    try {
      client.delete().forPath(path);
      writes.incrementAndGet();
    } catch (KeeperException.NoNodeException e) {
      // a failed create earlier left no node to delete
    }
  }

  /**
   * The ZooKeeper client logs every refused connection while the members start; the summary says
   * more, so only its errors reach the terminal.
   */
  private static void quietClientLogs() {
    for (String name : new String[] {"org.apache.zookeeper", "org.apache.curator"}) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
  }

  private static byte[] bytes(long n) {
    return ("{\"n\":" + n + ",\"payload\":\"demo order\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
