package io.zkdr.zk.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class FourLetterWordsTest {

  @Test
  void parsesSrvr() {
    ServerStatus st =
        FourLetterWords.parseSrvr(
            "Zookeeper version: 3.9.5-abc, built on 2025\nLatency min/avg/max: 0/0.1/3\n"
                + "Received: 10\nSent: 9\nConnections: 1\nOutstanding: 0\nZxid: 0x20000001a\n"
                + "Mode: follower\nNode count: 42\n");
    assertTrue(st.serving());
    assertEquals("follower", st.mode());
    assertEquals(0x20000001aL, st.zxid());
    assertEquals(42, st.nodeCount());
    assertFalse(
        FourLetterWords.parseSrvr("This ZooKeeper instance is not currently serving requests\n")
            .serving());
  }

  @Test
  void parsesHashAndMntr() {
    NavigableMap<Long, Long> h = FourLetterWords.parseHash("100000080: 12345\n100000100: -77\n");
    assertEquals(Map.of(0x100000080L, 12345L, 0x100000100L, -77L), h);
    Map<String, String> m =
        FourLetterWords.parseMntr(
            "zk_version\t3.9.5\nzk_server_state\tleader\nzk_znode_count\t5\n");
    assertEquals("leader", m.get("zk_server_state"));
    assertEquals("5", m.get("zk_znode_count"));
  }
}
