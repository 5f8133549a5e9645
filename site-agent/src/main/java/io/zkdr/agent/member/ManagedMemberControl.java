package io.zkdr.agent.member;

import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.zk.server.MemberRole;
import io.zkdr.zk.server.ZkConfigFile;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one member as a child {@code QuorumPeerMain} of the agent, from a {@code zoo.cfg} generated
 * under {@code <memberDir>} that lists every member of the ensemble in the agent's config (4lw
 * whitelist {@code *}, digests on). The admin server runs when the member has an admin port.
 *
 * <p>The child's pid is kept in {@code <memberDir>/server.pid}. When the agent was killed (its
 * children survive it), the next agent adopts the server still running from that config instead of
 * starting a second one on the same ports, and stops it when it stops.
 */
public final class ManagedMemberControl implements MemberControl {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedMemberControl.class);
  private final MemberConfig member;
  private final Duration timeout;
  private final ZkServerProcess process;
  private final Path memberDir;
  private final Path pidFile;
  private ProcessHandle adopted; // guarded by this

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
    this.memberDir = memberDir;
    this.pidFile = memberDir.resolve("server.pid");
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
    if (isRunning()) {
      return;
    }
    Optional<ProcessHandle> orphan = orphan();
    if (orphan.isPresent()) {
      // a server a previous agent run started (that agent was killed): keep it, do not start a
      // second one on the same ports and data dirs
      adopted = orphan.get();
      LOG.info("member {}: adopted running server pid {}", member.myid(), adopted.pid());
      return;
    }
    process.start();
    Files.writeString(pidFile, String.valueOf(process.pid()), StandardCharsets.US_ASCII);
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

  /**
   * The server of this member that a previous agent started, if it still runs: the pid recorded in
   * {@code server.pid} names a live {@code QuorumPeerMain} of this member's config.
   */
  private Optional<ProcessHandle> orphan() throws IOException {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String cfg = memberDir.resolve(ZkConfigFile.FILE_NAME).toAbsolutePath().toString();
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h -> {
              String cmd = commandLine(h);
              return cmd.contains("QuorumPeerMain") && cmd.contains(cfg);
            });
  }

  /** A process's full command line (the JDK's view of it is cut short on Linux). */
  private static String commandLine(ProcessHandle h) {
    Path proc = Path.of("/proc", String.valueOf(h.pid()), "cmdline");
    try {
      if (Files.isReadable(proc)) {
        return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
      }
    } catch (IOException e) {
      // fall back to what the JDK knows
    }
    return h.info().commandLine().orElse("");
  }

  /** The pid of the running server, or -1. */
  public synchronized long pid() {
    if (adopted != null) {
      return adopted.isAlive() ? adopted.pid() : -1;
    }
    return process.isAlive() ? process.pid() : -1;
  }

  @Override
  public synchronized void stop(Duration grace) throws InterruptedException {
    if (adopted != null) {
      adopted.destroy();
      try {
        adopted.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        adopted.destroyForcibly();
      }
      adopted = null;
      return;
    }
    process.stop(grace);
  }

  /** Kills the server at once, as a crash would. */
  public synchronized void kill() throws InterruptedException {
    if (adopted != null) {
      adopted.destroyForcibly();
      adopted = null;
      return;
    }
    process.kill();
  }

  @Override
  public synchronized boolean isRunning() {
    return adopted != null ? adopted.isAlive() : process.isAlive();
  }

  @Override
  public void close() {
    try {
      stop(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.close();
    }
  }
}
