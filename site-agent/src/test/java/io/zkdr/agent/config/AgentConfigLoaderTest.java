package io.zkdr.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigLoaderTest {
  private static final String FULL =
      """
      agentId: us-east-a1
      site: us-east-a
      region: us-east
      controllers: ["http://10.0.0.1:8080", "http://10.1.0.1:8080", "http://10.2.0.1:8080"]
      http: {host: 0.0.0.0, port: 9101}
      workDir: /var/lib/zkdr/agent
      stores:
        us-east: {uri: "file:///var/lib/zkdr/store"}
        eu-west: {uri: "s3://zkdr-eu-west/backups", options: {endpoint: "https://s3.eu-west-1.amazonaws.com", region: eu-west-1, pathStyle: "false", accessKeyId: "k", secretAccessKey: "s"}}
      ensembles:
        - name: payments-zk
          members:
            - myid: 1
              host: 10.0.0.11
              clientPort: 2181
              quorumPort: 2888
              electionPort: 3888
              adminPort: 0
              dataDir: /var/lib/zookeeper/data
              dataLogDir: /var/lib/zookeeper/log
              control:
                mode: external
                start: ["systemctl", "start", "zookeeper@1"]
                stop: ["systemctl", "stop", "zookeeper@1"]
                timeoutSeconds: 120
            - myid: 2
              host: 10.0.0.12
              clientPort: 2181
              quorumPort: 2888
              electionPort: 3888
              dataDir: /var/lib/zookeeper/data
              control: {mode: managed}
      shipping: {segmentIntervalMs: 1000, segmentMaxTxns: 10000, pollIntervalMs: 100, gapGraceMs: 30000}
      heartbeatIntervalMs: 5000
      leaseWaitMs: 20000
      maxConcurrentJobs: 2
      """;

  @Test
  void readsTheDocumentedExample() {
    AgentConfig c = AgentConfigLoader.parse(FULL);
    assertEquals("us-east-a1", c.agentId());
    assertEquals(3, c.controllers().size());
    assertEquals(9101, c.httpPort());
    assertEquals(URI.create("s3://zkdr-eu-west/backups"), c.stores().get("eu-west"));
    assertEquals("eu-west-1", c.storeOptions().get("eu-west").get("region"));
    EnsembleConfig e = c.ensemble("payments-zk");
    MemberConfig m1 = e.member(1);
    assertEquals(MemberControlConfig.Mode.EXTERNAL, m1.control().mode());
    assertEquals(List.of("systemctl", "start", "zookeeper@1"), m1.control().startCommand());
    assertEquals(Path.of("/var/lib/zookeeper/log"), m1.dataLogDir());
    MemberConfig m2 = e.member(2);
    assertEquals(m2.dataDir(), m2.dataLogDir(), "dataLogDir defaults to dataDir");
    assertEquals(MemberControlConfig.Mode.MANAGED, m2.control().mode());
    assertEquals(Duration.ofSeconds(120), m2.control().timeout());
    assertEquals("10.0.0.11:2181,10.0.0.12:2181", e.connectString());
    assertEquals(10_000, c.shipping().segmentMaxTxns());
    assertEquals(Duration.ofSeconds(30), c.shipping().gapGrace());
  }

  @Test
  void theWriterWritesWhatTheLoaderReads() {
    AgentConfig c = AgentConfigLoader.parse(FULL);
    assertEquals(c, AgentConfigLoader.parse(AgentConfigWriter.toYaml(c)));
  }

  @Test
  void appliesDefaults() {
    AgentConfig c =
        AgentConfigLoader.parse(
            """
            site: eu-west-a
            region: eu-west
            controllers: ["http://127.0.0.1:8080"]
            workDir: /tmp/agent
            stores: {eu-west: {uri: "file:///tmp/store"}}
            """);
    assertEquals("eu-west-a-agent", c.agentId());
    assertEquals("0.0.0.0", c.httpHost());
    assertEquals(9101, c.httpPort());
    assertTrue(c.ensembles().isEmpty());
    assertEquals(Duration.ofSeconds(5), c.heartbeatInterval());
    assertEquals(Duration.ofSeconds(20), c.leaseWait());
    assertEquals(2, c.maxConcurrentJobs());
    assertEquals(ShippingConfig.defaults(), c.shipping());
  }

  private static void assertError(String yaml, String key, String text) {
    AgentConfigException e =
        assertThrows(AgentConfigException.class, () -> AgentConfigLoader.parse(yaml));
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void badPortNamesItsPath() {
    int at = FULL.lastIndexOf("clientPort: 2181");
    String bad = FULL.substring(0, at) + "clientPort: 70000" + FULL.substring(at + 16);
    assertError(bad, "ensembles[0].members[1].clientPort", "expected 1..65535");
  }

  @Test
  void unknownKeysAreErrors() {
    assertError(FULL.replace("leaseWaitMs:", "leaseWait:"), "leaseWait", "unknown key");
    assertError(
        FULL.replace("control: {mode: managed}", "control: {mode: managed, user: zk}"),
        "ensembles[0].members[1].control.user",
        "unknown key");
  }

  @Test
  void requiredKeysAndValues() {
    assertError(FULL.replace("site: us-east-a\n", ""), "site", "is required");
    assertError(FULL.replace("region: us-east\n", "region: ap-south\n"), "stores", "ap-south");
    assertError(
        FULL.replace("controllers: [\"http://10.0.0.1:8080\"", "controllers: [\"10.0.0.1:8080\""),
        "controllers[0]",
        "URL");
    assertError(
        FULL.replaceAll("(?m)^\\s*start: .*\\n", ""),
        "ensembles[0].members[0].control.start",
        "is required");
    assertError(FULL.replace("myid: 2", "myid: 1"), "ensembles[0].members[1].myid", "duplicate");
    assertError(
        FULL.replace("control: {mode: managed}", "control: {mode: docker}"),
        "ensembles[0].members[1].control.mode",
        "managed or external");
    assertError(
        FULL.replace("maxConcurrentJobs: 2", "maxConcurrentJobs: 0"), "maxConcurrentJobs", "1..64");
    assertError("site: [", "(file)", "YAML");
  }
}
