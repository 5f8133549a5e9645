package io.zkdr.agent.member;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.net.LoopbackPorts;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.server.MemberRole;
import io.zkdr.zk.server.ZkConfigFile;
import io.zkdr.zk.server.ZkMember;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** External mode against a real server started and stopped by shell commands. */
class ExternalMemberControlTest {

  private static MemberConfig member(Path dir, int port, List<String> start, List<String> stop) {
    return new MemberConfig(
        1,
        "127.0.0.1",
        port,
        LoopbackPorts.next(),
        LoopbackPorts.next(),
        0,
        dir.resolve("data"),
        dir.resolve("log"),
        new MemberControlConfig(
            MemberControlConfig.Mode.EXTERNAL, start, stop, Duration.ofSeconds(60)));
  }

  @Test
  void startsAndStopsAServerThroughCommandsAndWaitsForItsPort() throws Exception {
    Path dir = TestDirs.create("external-member");
    int clientPort = LoopbackPorts.next();
    MemberConfig draft = member(dir, clientPort, List.of("true"), List.of("true"));
    ZkMember zk =
        new ZkMember(
            1,
            "127.0.0.1",
            clientPort,
            draft.quorumPort(),
            draft.electionPort(),
            0,
            dir,
            draft.dataDir(),
            draft.dataLogDir(),
            MemberRole.PARTICIPANT);
    Path cfg = ZkConfigFile.write(zk, List.of(zk), ZkTestQuorum.TEST_SETTINGS);
    Path pidFile = dir.resolve("zk.pid");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String launch =
        "'"
            + java
            + "' -Xmx128m -cp '"
            + System.getProperty("java.class.path")
            + "' org.apache.zookeeper.server.quorum.QuorumPeerMain '"
            + cfg
            + "' > '"
            + dir.resolve("zk.out")
            + "' 2>&1 & echo $! > '"
            + pidFile
            + "'";
    MemberConfig m =
        member(
            dir,
            clientPort,
            List.of("sh", "-c", launch),
            List.of("sh", "-c", "kill $(cat '" + pidFile + "')"));
    ExternalMemberControl control = new ExternalMemberControl(m, dir.resolve("control"));
    Thread reaper = new Thread(() -> kill(pidFile));
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      assertFalse(control.isRunning());
      control.start();
      assertTrue(control.isRunning(), "start returns once the port answers ruok");
      control.stop(Duration.ofSeconds(10));
      assertFalse(control.isRunning(), "stop returns once the port stops answering");
      control.close();
    } finally {
      kill(pidFile);
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  private static void kill(Path pidFile) {
    try {
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    } catch (IOException | NumberFormatException e) {
      // nothing started
    }
  }

  @Test
  void aFailingCommandOrASilentPortIsAnError() {
    Path dir = TestDirs.create("external-fail");
    int port = LoopbackPorts.next();
    MemberConfig failing =
        new MemberConfig(
            1,
            "127.0.0.1",
            port,
            LoopbackPorts.next(),
            LoopbackPorts.next(),
            0,
            dir,
            dir,
            new MemberControlConfig(
                MemberControlConfig.Mode.EXTERNAL,
                List.of("sh", "-c", "echo no such unit; exit 3"),
                List.of("true"),
                Duration.ofSeconds(2)));
    IOException e =
        assertThrows(IOException.class, () -> new ExternalMemberControl(failing, dir).start());
    assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
    assertTrue(e.getMessage().contains("no such unit"), e.getMessage());

    MemberConfig silent =
        new MemberConfig(
            1,
            "127.0.0.1",
            port,
            LoopbackPorts.next(),
            LoopbackPorts.next(),
            0,
            dir,
            dir,
            new MemberControlConfig(
                MemberControlConfig.Mode.EXTERNAL,
                List.of("true"),
                List.of("true"),
                Duration.ofSeconds(2)));
    IOException s =
        assertThrows(IOException.class, () -> new ExternalMemberControl(silent, dir).start());
    assertTrue(s.getMessage().contains("does not answer"), s.getMessage());
  }
}
