package io.zkdr.zk.server;

import io.zkdr.zk.admin.ServerStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * An ensemble whose members all run as child processes of this JVM, under one base directory
 * ({@code <baseDir>/member-<myid>}): for managed mode on one machine, {@code zkdr demo}, and tests.
 * {@link #close()} kills every member.
 */
public final class LocalEnsemble implements AutoCloseable {

  private final Path baseDir;
  private final List<ZkServerProcess> servers;

  private LocalEnsemble(Path baseDir, List<ZkServerProcess> servers) {
    this.baseDir = baseDir;
    this.servers = List.copyOf(servers);
  }

  /**
   * Lays out {@code participants} voting members (myid 1..n) and {@code observers} observers (the
   * following ids) without starting them, so that their data dirs can be seeded first.
   *
   * @param ports hands out the four ports of each member (client, quorum, election, admin)
   */
  public static LocalEnsemble layout(
      Path baseDir,
      String host,
      int participants,
      int observers,
      ZkServerSettings settings,
      IntSupplier ports) {
    if (participants < 1 || observers < 0) {
      throw new IllegalArgumentException(
          participants + " participants and " + observers + " observers make no ensemble");
    }
    List<ZkMember> members = new ArrayList<>();
    for (int id = 1; id <= participants + observers; id++) {
      members.add(
          ZkMember.inDir(
              id,
              host,
              ports.getAsInt(),
              ports.getAsInt(),
              ports.getAsInt(),
              ports.getAsInt(),
              baseDir.resolve("member-" + id),
              id <= participants ? MemberRole.PARTICIPANT : MemberRole.OBSERVER));
    }
    List<ZkServerProcess> servers = new ArrayList<>();
    for (ZkMember m : members) {
      servers.add(new ZkServerProcess(m, members, settings));
    }
    return new LocalEnsemble(baseDir, servers);
  }

  /** Starts every member that is not running, then waits until each serves. */
  public void startAll(Duration timeout) throws IOException, InterruptedException {
    for (ZkServerProcess s : servers) {
      if (!s.isAlive()) {
        s.start();
      }
    }
    for (ZkServerProcess s : servers) {
      s.waitUntilServing(timeout);
    }
  }

  public Path baseDir() {
    return baseDir;
  }

  public List<ZkServerProcess> servers() {
    return servers;
  }

  public List<ZkMember> members() {
    return servers.stream().map(ZkServerProcess::member).toList();
  }

  /** The member with {@code myid}. */
  public ZkServerProcess server(int myid) {
    for (ZkServerProcess s : servers) {
      if (s.member().myid() == myid) {
        return s;
      }
    }
    throw new IllegalArgumentException("no member " + myid + " in " + baseDir);
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

  /** Waits until every running member serves (after an election). */
  public void awaitServing(Duration timeout) throws IOException, InterruptedException {
    for (ZkServerProcess s : servers) {
      if (s.isAlive()) {
        s.waitUntilServing(timeout);
      }
    }
  }

  /** Kills every member. */
  @Override
  public void close() {
    servers.forEach(ZkServerProcess::close);
  }
}
