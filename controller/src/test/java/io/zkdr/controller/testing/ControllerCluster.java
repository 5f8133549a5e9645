package io.zkdr.controller.testing;

import io.zkdr.controller.Controller;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.controller.config.HostPort;
import io.zkdr.controller.config.PeerConfig;
import io.zkdr.controller.raft.RaftStatus;
import io.zkdr.controller.service.LeaderServices;
import io.zkdr.net.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Three controllers in this JVM on loopback, with free ports and storage under {@code target/}.
 * Controllers can be stopped (as if killed) and restarted from their directories.
 */
public final class ControllerCluster implements AutoCloseable {
  public static final String[] REGIONS = {"us-east", "eu-west", "ap-south"};

  private final List<ControllerConfig> configs = new ArrayList<>();
  private final Controller[] nodes;
  private final Thread shutdownHook;
  private Clock clock = Clock.systemUTC();
  private LeaderServices.Intervals intervals = LeaderServices.Intervals.defaults();

  private ControllerCluster(Path dir, long snapshotThreshold, Duration jobLease)
      throws IOException {
    int n = REGIONS.length;
    nodes = new Controller[n];
    List<PeerConfig> peers = new ArrayList<>();
    for (String region : REGIONS) {
      peers.add(
          new PeerConfig(
              region,
              region,
              new HostPort("127.0.0.1", LoopbackPorts.next()),
              new HostPort("127.0.0.1", LoopbackPorts.next())));
    }
    String group = UUID.randomUUID().toString();
    for (String region : REGIONS) {
      configs.add(
          new ControllerConfig(
              region,
              dir.resolve(region),
              group,
              peers,
              Duration.ofMillis(400),
              Duration.ofMillis(800),
              Duration.ofSeconds(5),
              jobLease,
              Duration.ofSeconds(10),
              snapshotThreshold,
              32 * 1024,
              1 << 20,
              16L << 20,
              2,
              4));
    }
    shutdownHook = new Thread(this::close, "controller-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts three controllers under {@code target/test-tmp/<name>-<random>}. */
  public static ControllerCluster start(String name, long snapshotThreshold, Duration jobLease)
      throws IOException {
    return start(
        name, snapshotThreshold, jobLease, Clock.systemUTC(), LeaderServices.Intervals.defaults());
  }

  /** Starts three controllers sharing {@code clock}, with the given service intervals. */
  public static ControllerCluster start(
      String name,
      long snapshotThreshold,
      Duration jobLease,
      Clock clock,
      LeaderServices.Intervals intervals)
      throws IOException {
    Path base =
        Path.of(System.getProperty("zkdr.test.tmp", "target/test-tmp"))
            .resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectories(base);
    ControllerCluster c = new ControllerCluster(base, snapshotThreshold, jobLease);
    c.clock = clock;
    c.intervals = intervals;
    try {
      for (int i = 0; i < c.nodes.length; i++) {
        c.startNode(i);
      }
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Starts three controllers with defaults (large snapshot threshold, 30 s job leases). */
  public static ControllerCluster start(String name) throws IOException {
    return start(name, 100_000, Duration.ofSeconds(30));
  }

  /** Starts (or restarts) controller {@code i} from its directory. */
  public void startNode(int i) throws IOException {
    if (nodes[i] == null) {
      nodes[i] = Controller.start(configs.get(i), clock, intervals, fatal -> stopNode(i));
    }
  }

  /** Stops controller {@code i} abruptly (its files stay). */
  public void stopNode(int i) {
    Controller c = nodes[i];
    nodes[i] = null;
    if (c != null) {
      c.close();
    }
  }

  public int size() {
    return nodes.length;
  }

  public Controller node(int i) {
    return nodes[i];
  }

  public ControllerConfig config(int i) {
    return configs.get(i);
  }

  /** Base URL of controller {@code i}'s API. */
  public String url(int i) {
    return "http://127.0.0.1:" + configs.get(i).self().http().port();
  }

  /** Waits until a running controller is a ready leader; returns its index. */
  public int awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < nodes.length; i++) {
        Controller c = nodes[i];
        if (c != null) {
          RaftStatus s = c.raft().status();
          if (s.leaderReady()) {
            return i;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no leader within " + timeout);
  }

  /**
   * Waits for a ready leader that every running controller knows of (a follower learns of a new
   * leader only from its first append, and cannot serve linearizable reads before).
   */
  public int awaitLeaderKnownByAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int leader = awaitLeader(timeout);
    for (Controller c : nodes) {
      while (c != null && c.raft().status().leader() == null) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("not every controller knows the leader within " + timeout);
        }
        Thread.sleep(20);
      }
    }
    return leader;
  }

  /** Waits until every running controller has applied at least {@code index}. */
  public void awaitApplied(long index, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < nodes.length; i++) {
      while (nodes[i] != null && nodes[i].raft().status().appliedIndex() < index) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "controller " + i + " did not apply " + index + ": " + nodes[i].raft().status());
        }
        Thread.sleep(20);
      }
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      try {
        stopNode(i);
      } catch (RuntimeException e) {
        // keep stopping the others
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }
}
