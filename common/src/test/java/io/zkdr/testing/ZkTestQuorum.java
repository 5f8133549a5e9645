package io.zkdr.testing;

import io.zkdr.zk.admin.ServerStatus;
import io.zkdr.zk.server.MemberRole;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A ZooKeeper ensemble of real server processes on free loopback ports, for tests. {@link #close()}
 * kills every server; a JVM shutdown hook does the same if a test run dies first.
 */
public final class ZkTestQuorum implements AutoCloseable {

  /** Fast timing for tests: a dead leader is replaced within a few seconds. */
  public static final ZkServerSettings TEST_SETTINGS =
      ZkServerSettings.defaults()
          .withTiming(200, 25, 10)
          .withLogSizes(1024, 0)
          .withJuteMaxBuffer(4 * 1024 * 1024)
          .withMaxHeapMb(256);

  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<ZkServerProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(ZkServerProcess::close), "zk-test-reaper"));
  }

  private final Path baseDir;
  private final List<ZkServerProcess> servers;

  private ZkTestQuorum(Path baseDir, List<ZkServerProcess> servers) {
    this.baseDir = baseDir;
    this.servers = servers;
  }

  /** Starts {@code participants} voters and {@code observers} observers; waits until all serve. */
  public static ZkTestQuorum start(
      String name, int participants, int observers, ZkServerSettings settings)
      throws IOException, InterruptedException {
    ZkTestQuorum quorum = create(name, participants, observers, settings);
    try {
      quorum.startAll();
    } catch (IOException | InterruptedException | RuntimeException e) {
      quorum.close();
      throw e;
    }
    return quorum;
  }

  /** Starts {@code size} participants and waits until all serve. */
  public static ZkTestQuorum start(String name, int size, ZkServerSettings settings)
      throws IOException, InterruptedException {
    ZkTestQuorum quorum = create(name, size, settings);
    try {
      quorum.startAll();
    } catch (IOException | InterruptedException | RuntimeException e) {
      quorum.close();
      throw e;
    }
    return quorum;
  }

  /**
   * Lays out {@code size} members under a fresh directory without starting them, so that a test can
   * seed their data dirs first.
   */
  public static ZkTestQuorum create(String name, int size, ZkServerSettings settings) {
    return create(name, size, 0, settings);
  }

  /**
   * Lays out {@code participants} voting members (myid 1..n) and {@code observers} observers (the
   * following ids) without starting them.
   */
  public static ZkTestQuorum create(
      String name, int participants, int observers, ZkServerSettings settings) {
    Path base = TestDirs.create(name);
    List<ZkMember> members = new ArrayList<>();
    for (int id = 1; id <= participants + observers; id++) {
      members.add(
          ZkMember.inDir(
              id,
              "127.0.0.1",
              FreePorts.next(),
              FreePorts.next(),
              FreePorts.next(),
              FreePorts.next(),
              base.resolve("member-" + id),
              id <= participants ? MemberRole.PARTICIPANT : MemberRole.OBSERVER));
    }
    List<ZkServerProcess> servers = new ArrayList<>();
    for (ZkMember m : members) {
      servers.add(new ZkServerProcess(m, members, settings));
    }
    return new ZkTestQuorum(base, servers);
  }

  /** Starts every member and waits until each serves. */
  public void startAll() throws IOException, InterruptedException {
    for (ZkServerProcess s : servers) {
      LIVE.add(s);
      s.start();
    }
    for (ZkServerProcess s : servers) {
      s.waitUntilServing(START_TIMEOUT);
    }
  }

  public Path baseDir() {
    return baseDir;
  }

  public List<ZkMember> members() {
    return servers.stream().map(ZkServerProcess::member).toList();
  }

  public ZkServerProcess server(int myid) {
    return servers.get(myid - 1);
  }

  /** {@code host:port,...} of every member. */
  public String connectString() {
    return servers.stream().map(s -> s.member().clientAddress()).collect(Collectors.joining(","));
  }

  /** The myid of the current leader, waiting up to {@code timeout} for one to be elected. */
  public int leader(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ZkServerProcess s : servers) {
        if (!s.isAlive()) {
          continue;
        }
        try {
          ServerStatus st = s.status();
          if (st.isLeader()) {
            return s.member().myid();
          }
        } catch (IOException e) {
          // not answering yet
        }
      }
      Thread.sleep(100);
    }
    throw new IOException("no leader among " + connectString() + " after " + timeout);
  }

  /** Kills one member with SIGKILL. */
  public void kill(int myid) throws InterruptedException {
    server(myid).kill();
  }

  /** Stops one member with SIGTERM. */
  public void stop(int myid) throws InterruptedException {
    server(myid).stop(Duration.ofSeconds(10));
  }

  /** Starts a stopped member again and waits until it serves. */
  public void restart(int myid) throws IOException, InterruptedException {
    ZkServerProcess s = server(myid);
    if (s.isAlive()) {
      s.stop(Duration.ofSeconds(10));
    }
    LIVE.add(s);
    s.start();
    s.waitUntilServing(START_TIMEOUT);
  }

  /** Waits until every live member serves (after an election). */
  public void awaitServing() throws IOException, InterruptedException {
    for (ZkServerProcess s : servers) {
      if (s.isAlive()) {
        s.waitUntilServing(START_TIMEOUT);
      }
    }
  }

  /** Kills every member. */
  @Override
  public void close() {
    for (ZkServerProcess s : servers) {
      s.close();
      LIVE.remove(s);
    }
  }
}
