package io.zkdr.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final String VALID =
      """
      nodeId: eu-west
      storageDir: /var/lib/zkdr
      peers:
        - {id: us-east, region: us-east, raft: "10.0.0.1:9870", http: "10.0.0.1:8080"}
        - {id: eu-west, region: eu-west, raft: "10.1.0.1:9870", http: "10.1.0.1:8080"}
        - {id: ap-south, region: ap-south, raft: "10.2.0.1:9870", http: "10.2.0.1:8080"}
      timeouts: {electionMinMs: 500, electionMaxMs: 900}
      """;

  @Test
  void readsAValidFileWithDefaults() {
    ControllerConfig c = ConfigLoader.parse(VALID);
    assertEquals("eu-west", c.region());
    assertEquals(new HostPort("10.1.0.1", 8080), c.self().http());
    assertEquals(Duration.ofMillis(500), c.electionTimeoutMin());
    assertEquals(Duration.ofSeconds(60), c.jobLease());
    assertEquals(ConfigLoader.DEFAULT_GROUP_ID, c.groupId());
    assertEquals(3, c.peers().size());
    assertEquals(256L << 20, c.catalogCacheBytes());
    assertEquals(ControllerConfig.DEFAULT_EVENT_LOOPS, c.httpEventLoops());
    assertEquals(8, c.readThreads());
    ControllerConfig threads =
        ConfigLoader.parse(VALID + "http: {eventLoops: 1, readThreads: 3}\n");
    assertEquals(1, threads.httpEventLoops());
    assertEquals(3, threads.readThreads());
    assertEquals(
        1L << 30,
        ConfigLoader.parse(VALID + "catalog: {blockCacheBytes: 1073741824}\n").catalogCacheBytes());
  }

  private static String keyOf(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml)).key();
  }

  @Test
  void errorsNameTheBadKey() {
    assertEquals("nodeId", keyOf(VALID.replace("nodeId: eu-west", "nodeId: mars")));
    assertEquals("storageDir", keyOf(VALID.replace("storageDir: /var/lib/zkdr\n", "")));
    assertEquals("peers[1].raft", keyOf(VALID.replace("\"10.1.0.1:9870\"", "\"10.1.0.1\"")));
    assertEquals("peers[2].id", keyOf(VALID.replace("id: ap-south", "id: us-east")));
    assertEquals("timeouts.electionMaxMs", keyOf(VALID.replace("900", "400")));
    assertEquals("timeouts.electionMinMs", keyOf(VALID.replace("500", "-5")));
    assertEquals("raft.snapshotTreshold", keyOf(VALID + "raft: {snapshotTreshold: 10}\n"));
    assertEquals("groupId", keyOf(VALID + "groupId: not-a-uuid\n"));
    assertEquals("colour", keyOf(VALID + "colour: blue\n"));
    assertEquals("catalog.blockCacheBytes", keyOf(VALID + "catalog: {blockCacheBytes: 0}\n"));
    assertEquals("http.eventLoops", keyOf(VALID + "http: {eventLoops: 0}\n"));
    assertEquals("http.readThreads", keyOf(VALID + "http: {readThreads: 100000}\n"));
  }
}
