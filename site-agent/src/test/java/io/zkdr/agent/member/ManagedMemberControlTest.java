package io.zkdr.agent.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.net.LoopbackPorts;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.admin.FourLetterWords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A managed single-member ensemble: generated config, start, and adoption after an agent crash. */
class ManagedMemberControlTest {

  @Test
  void startsServesAndIsAdoptedByTheNextAgentAfterACrash() throws Exception {
    Path dir = TestDirs.create("managed-member");
    MemberConfig m =
        new MemberConfig(
            1,
            "127.0.0.1",
            LoopbackPorts.next(),
            LoopbackPorts.next(),
            LoopbackPorts.next(),
            0,
            dir.resolve("data"),
            dir.resolve("log"),
            new MemberControlConfig(
                MemberControlConfig.Mode.MANAGED, List.of(), List.of(), Duration.ofSeconds(60)));
    EnsembleConfig ensemble = new EnsembleConfig("solo", List.of(m));
    Path memberDir = dir.resolve("member");
    ManagedMemberControl first =
        new ManagedMemberControl(ensemble, m, memberDir, ZkTestQuorum.TEST_SETTINGS);
    // the agent that started it "crashes": its control is dropped without stopping the child
    ManagedMemberControl second =
        new ManagedMemberControl(ensemble, m, memberDir, ZkTestQuorum.TEST_SETTINGS);
    try {
      first.start();
      assertTrue(first.isRunning());
      String cfg = Files.readString(memberDir.resolve("zoo.cfg"));
      assertTrue(cfg.contains("4lw.commands.whitelist=*"), cfg);
      assertTrue(cfg.contains("digest.enabled=true"), cfg);
      assertTrue(cfg.contains("server.1=127.0.0.1:" + m.quorumPort()), cfg);
      first.process().waitUntilServing(Duration.ofSeconds(60));
      long pid = first.pid();

      second.start();
      assertEquals(pid, second.pid(), "the running server is adopted, not started twice");
      assertTrue(second.isRunning());
      assertTrue(FourLetterWords.srvr(m.host(), m.clientPort(), Duration.ofSeconds(2)).serving());
      second.stop(Duration.ofSeconds(10));
      assertFalse(second.isRunning());
      assertFalse(first.isRunning(), "stopping the adopted server stops the same process");
    } finally {
      second.close();
      first.close();
    }
  }
}
