package io.zkdr.bench.catalog;

import io.zkdr.controller.Controller;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.controller.config.HostPort;
import io.zkdr.controller.config.PeerConfig;
import io.zkdr.net.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Three controllers in this JVM on loopback, for the benchmark. */
public final class LocalCluster implements AutoCloseable {
  public static final String[] REGIONS = {"us-east", "eu-west", "ap-south"};
  private final Path dir;
  private final List<ControllerConfig> configs = new ArrayList<>();
  private final Controller[] nodes = new Controller[REGIONS.length];

  /**
   * @param eventLoops HTTP event loops of each controller
   * @param readThreads read threads of each controller
   */
  public LocalCluster(Path dir, long blockCacheBytes, int eventLoops, int readThreads)
      throws IOException {
    this(
        dir, blockCacheBytes, eventLoops, readThreads, ControllerConfig.DEFAULT_SNAPSHOT_THRESHOLD);
  }

  /**
   * @param eventLoops HTTP event loops of each controller
   * @param readThreads read threads of each controller
   * @param snapshotThreshold log entries between Raft snapshots
   */
  public LocalCluster(
      Path dir, long blockCacheBytes, int eventLoops, int readThreads, long snapshotThreshold)
      throws IOException {
    this.dir = dir;
    List<PeerConfig> peers = new ArrayList<>();
    for (String r : REGIONS) {
      peers.add(
          new PeerConfig(
              r,
              r,
              new HostPort("127.0.0.1", LoopbackPorts.next()),
              new HostPort("127.0.0.1", LoopbackPorts.next())));
    }
    String group = UUID.randomUUID().toString();
    for (String r : REGIONS) {
      configs.add(
          new ControllerConfig(
              r,
              dir.resolve(r),
              group,
              peers,
              Duration.ofMillis(750),
              Duration.ofMillis(1500),
              Duration.ofSeconds(10),
              Duration.ofSeconds(60),
              Duration.ofSeconds(30),
              snapshotThreshold,
              8L << 20,
              8L << 20,
              blockCacheBytes,
              eventLoops,
              readThreads));
    }
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = Controller.start(configs.get(i), fatal -> System.err.println("fatal: " + fatal));
    }
  }

  public String url(int i) {
    return "http://127.0.0.1:" + configs.get(i).self().http().port();
  }

  boolean running(int i) {
    return nodes[i] != null;
  }

  public int awaitLeader(Duration timeout) throws InterruptedException {
    return awaitLeader(timeout, -1);
  }

  /** Waits for a ready leader other than controller {@code except} (one being killed). */
  int awaitLeader(Duration timeout, int except) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < nodes.length; i++) {
        Controller c = nodes[i];
        if (i != except && c != null && c.raft().status().leaderReady()) {
          return i;
        }
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no leader within " + timeout);
  }

  /** Commands per Raft log entry submitted by the running controllers so far. */
  double commandsPerEntry() {
    long entries = 0;
    long commands = 0;
    for (Controller c : nodes) {
      if (c != null) {
        entries += c.raft().entriesSubmitted();
        commands += c.raft().commandsSubmitted();
      }
    }
    return entries == 0 ? 0 : (double) commands / entries;
  }

  /** Waits until no controller's catalog database has flushes or compactions to do. */
  void awaitCompactions(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean pending = false;
      for (Controller c : nodes) {
        pending |= c != null && c.raft().stateMachine().store().backgroundWorkPending();
      }
      if (!pending) {
        return;
      }
      Thread.sleep(500);
    }
  }

  /** The Raft term controller {@code i} is in now. */
  long term(int i) {
    return nodes[i].raft().status().term();
  }

  /**
   * Stops controller {@code i}: its Raft server first, as a crash would (no more heartbeats, no
   * more commits), then the rest of it.
   */
  void kill(int i) {
    Controller c = nodes[i];
    nodes[i] = null;
    c.raft().close();
    c.close();
  }

  @Override
  public void close() throws IOException {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        kill(i);
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
