package io.zkdr.agent.restore;

import io.zkdr.net.LoopbackPorts;
import io.zkdr.zk.datadir.DataDirWriter;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.server.MemberRole;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.server.DataTree;

/**
 * A single ZooKeeper server on loopback under a work dir, seeded with a restored tree: the target
 * of drills and test restores. {@link #close()} stops it.
 */
public final class ScratchEnsemble implements AutoCloseable {
  private final ZkServerProcess server;
  private final Thread reaper;

  private ScratchEnsemble(ZkServerProcess server) {
    this.server = server;
    // the child must not outlive the agent, even when the job never reaches close()
    this.reaper = new Thread(server::close, "scratch-zk-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Writes {@code tree} into {@code dir}, starts the server and waits until it serves the restored
   * znodes.
   */
  public static ScratchEnsemble start(Path dir, DataTree tree, Duration timeout)
      throws IOException, InterruptedException {
    ZkMember member =
        ZkMember.inDir(
            1,
            "127.0.0.1",
            LoopbackPorts.next(),
            LoopbackPorts.next(),
            LoopbackPorts.next(),
            LoopbackPorts.next(),
            dir,
            MemberRole.PARTICIPANT);
    DataDirWriter.Result written =
        DataDirWriter.write(
            tree, List.of(new MemberDataDir(1, member.dataDir(), member.dataLogDir())), false);
    ZkServerProcess server =
        new ZkServerProcess(
            member,
            List.of(member),
            ZkServerSettings.defaults().withJuteMaxBuffer(4 * 1024 * 1024).withMaxHeapMb(512));
    ScratchEnsemble scratch = new ScratchEnsemble(server);
    try {
      server.start();
      server.waitUntilServing(timeout);
      QuorumCheck.await(
          List.of(new QuorumCheck.Server(member.host(), member.clientPort())),
          written.zxid(),
          written.nodes(),
          timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      scratch.close();
      throw e;
    }
    return scratch;
  }

  /** {@code 127.0.0.1:port}. */
  public String connectString() {
    return server.member().clientAddress();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
    try {
      server.stop(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
  }
}
