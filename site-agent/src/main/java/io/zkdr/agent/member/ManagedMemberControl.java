package io.zkdr.agent.member;

import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.zk.server.MemberRole;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one member as a child {@code QuorumPeerMain} of the agent, from a {@code zoo.cfg} generated
 * under {@code <memberDir>} that lists every member of the ensemble in the agent's config (4lw
 * whitelist {@code *}, digests on). The admin server runs when the member has an admin port.
 */
public final class ManagedMemberControl implements MemberControl {
  private final MemberConfig member;
  private final Duration timeout;
  private final ZkServerProcess process;

  /**
   * @param ensemble the member's ensemble (all of its members form the quorum)
   * @param member the member to run
   * @param memberDir where {@code zoo.cfg} and {@code server.log} go
   * @param settings timing, heap and the like of the server JVM
   */
  public ManagedMemberControl(
      EnsembleConfig ensemble, MemberConfig member, Path memberDir, ZkServerSettings settings) {
    this.member = member;
    this.timeout = member.control().timeout();
    ZkServerSettings effective = settings.withAdminServer(member.adminPort() > 0);
    List<ZkMember> all = ensemble.members().stream().map(m -> zkMember(m, memberDir)).toList();
    this.process = new ZkServerProcess(zkMember(member, memberDir), all, effective);
  }

  /** Settings for managed members: ZooKeeper's defaults with a 500 ms tick and a 512 MB heap. */
  public static ZkServerSettings defaultSettings() {
    return ZkServerSettings.defaults().withTiming(500, 20, 10);
  }

  private static ZkMember zkMember(MemberConfig m, Path memberDir) {
    return new ZkMember(
        m.myid(),
        m.host(),
        m.clientPort(),
        m.quorumPort(),
        m.electionPort(),
        m.adminPort(),
        memberDir,
        m.dataDir(),
        m.dataLogDir(),
        MemberRole.PARTICIPANT);
  }

  @Override
  public MemberConfig member() {
    return member;
  }

  /** The child process (its log, pid). */
  public ZkServerProcess process() {
    return process;
  }

  /**
   * Starts the child and returns once it answers {@code ruok}; it serves once a quorum of the
   * ensemble runs.
   */
  @Override
  public synchronized void start() throws IOException, InterruptedException {
    if (process.isAlive()) {
      return;
    }
    process.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!MemberProbe.answersRuok(member, Duration.ofMillis(500))) {
      if (!process.isAlive()) {
        throw new IOException(
            "member "
                + member.myid()
                + " ("
                + member.host()
                + ":"
                + member.clientPort()
                + ") exited at start; log tail:\n"
                + process.logTail(30));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "member "
                + member.myid()
                + " does not answer ruok after "
                + timeout
                + "; log tail:\n"
                + process.logTail(30));
      }
      Thread.sleep(100);
    }
  }

  @Override
  public synchronized void stop(Duration grace) throws InterruptedException {
    process.stop(grace);
  }

  /** Kills the child at once, as a crash would. */
  public synchronized void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public boolean isRunning() {
    return process.isAlive();
  }

  @Override
  public void close() {
    try {
      process.stop(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.close();
    }
  }
}
