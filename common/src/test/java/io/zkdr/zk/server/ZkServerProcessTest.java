package io.zkdr.zk.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.admin.ServerStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

class ZkServerProcessTest {

  @Test
  void quorumServesElectsAndAnswersFourLetterWords() throws Exception {
    try (ZkTestQuorum quorum = ZkTestQuorum.start("launcher", 3, 1, ZkTestQuorum.TEST_SETTINGS)) {
      int leader = quorum.leader(Duration.ofSeconds(30));
      ZkMember lm = quorum.server(leader).member();
      assertTrue(Files.exists(lm.dataDir().resolve("myid")));
      assertEquals("observer", quorum.server(4).status().mode());
      String cfg = Files.readString(lm.memberDir().resolve("zoo.cfg"));
      assertTrue(
          cfg.contains("digest.enabled=true") && cfg.contains("admin.enableServer=false"), cfg);
      assertTrue(cfg.contains("server.4=127.0.0.1:"), cfg);
      assertTrue(
          Files.readString(quorum.server(4).member().memberDir().resolve("zoo.cfg"))
              .contains("peerType=observer"));
      assertTrue(
          Files.readString(lm.memberDir().resolve("zoo.cfg")).contains("4lw.commands.whitelist=*"));

      try (ZooKeeper zk = ZkClients.connect(quorum.connectString(), Duration.ofSeconds(30));
          ZooKeeper eph = ZkClients.connect(quorum.connectString(), Duration.ofSeconds(30))) {
        Workload w = new Workload(zk, eph, 1);
        w.run(300);
        assertTrue(w.applied() > 250, "applied " + w.applied());

        Map<String, String> mntr =
            FourLetterWords.mntr(lm.host(), lm.clientPort(), Duration.ofSeconds(5));
        assertEquals("leader", mntr.get("zk_server_state"));
        assertTrue(Long.parseLong(mntr.get("zk_znode_count")) > 100);

        ServerStatus st = quorum.server(leader).status();
        assertTrue(st.serving());
        assertEquals("leader", st.mode());
        assertTrue(Zxid.epoch(st.zxid()) >= 1, "epoch of " + Zxid.hex(st.zxid()));
        NavigableMap<Long, Long> hash =
            FourLetterWords.hash(lm.host(), lm.clientPort(), Duration.ofSeconds(5));
        assertFalse(hash.isEmpty(), "hash history after 300 txns");
        assertEquals(0, Zxid.counter(hash.firstKey()) % 128);

        quorum.kill(leader);
        assertFalse(quorum.server(leader).isAlive());
        int next = quorum.leader(Duration.ofSeconds(30));
        assertNotEquals(leader, next);
        assertNotEquals(4, next, "an observer never leads");
        w.run(50);
        ServerStatus after = quorum.server(next).status();
        assertTrue(Zxid.epoch(after.zxid()) > Zxid.epoch(st.zxid()), "epoch moved");

        quorum.restart(leader);
        assertTrue(quorum.server(leader).status().serving());
      }
    }
  }
}
