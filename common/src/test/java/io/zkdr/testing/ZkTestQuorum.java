package io.zkdr.testing;

import io.zkdr.net.LoopbackPorts;
import io.zkdr.zk.server.LocalEnsemble;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link LocalEnsemble} on free loopback ports under {@code target/test-tmp}, for tests. {@link
 * #close()} kills every server; a JVM shutdown hook does the same if a test run dies first.
 */
public final class ZkTestQuorum implements AutoCloseable {

  /** Fast timing for tests: a dead leader is replaced within a few seconds. */
  public static final ZkServerSettings TEST_SETTINGS =
      ZkServerSettings.defaults()
          .withTiming(200, 50, 15)
          .withLogSizes(1024, 0)
          .withJuteMaxBuffer(4 * 1024 * 1024)
          .withMaxHeapMb(256);

  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<ZkServerProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(ZkServerProcess::close), "zk-test-reaper"));
  }

  private final LocalEnsemble ensemble;

  private ZkTestQuorum(LocalEnsemble ensemble) {
    this.ensemble = ensemble;
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
    return start(name, size, 0, settings);
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
    return new ZkTestQuorum(
        LocalEnsemble.layout(
            TestDirs.create(name),
            "127.0.0.1",
            participants,
            observers,
            settings,
            LoopbackPorts::next));
  }

  /** Starts every member and waits until each serves. */
  public void startAll() throws IOException, InterruptedException {
    LIVE.addAll(ensemble.servers());
    ensemble.startAll(START_TIMEOUT);
  }

  public Path baseDir() {
    return ensemble.baseDir();
  }

  public List<ZkMember> members() {
    return ensemble.members();
  }

  public ZkServerProcess server(int myid) {
    return ensemble.server(myid);
  }

  /** {@code host:port,...} of every member. */
  public String connectString() {
    return ensemble.connectString();
  }

  /** The myid of the current leader, waiting up to {@code timeout} for one to be elected. */
  public int leader(Duration timeout) throws IOException, InterruptedException {
    return ensemble.leader(timeout);
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
    ensemble.awaitServing(START_TIMEOUT);
  }

  /** Kills every member. */
  @Override
  public void close() {
    ensemble.close();
    ensemble.servers().forEach(LIVE::remove);
  }
}
