package io.zkdr.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkdr.controller.config.ConfigLoader;
import io.zkdr.controller.config.ControllerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Every YAML file under {@code deploy/} parses, and the zkdr configs in it are valid. */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

  /** The agent YAML's top-level keys (the contract shared by the agent, deploy/ and the demo). */
  private static final Set<String> AGENT_KEYS =
      Set.of(
          "agentId",
          "site",
          "region",
          "controllers",
          "http",
          "workDir",
          "stores",
          "ensembles",
          "shipping",
          "heartbeatIntervalMs",
          "leaseWaitMs",
          "maxConcurrentJobs");

  private static final Set<String> MEMBER_KEYS =
      Set.of(
          "myid",
          "host",
          "clientPort",
          "quorumPort",
          "electionPort",
          "adminPort",
          "dataDir",
          "dataLogDir",
          "control");

  @Test
  void everyYamlFileParses() throws IOException {
    List<Path> files = yamlFiles();
    assertTrue(files.size() >= 12, "YAML files under " + DEPLOY + ": " + files);
    for (Path f : files) {
      try (Reader r = Files.newBufferedReader(f)) {
        int docs = 0;
        LoaderOptions strict = new LoaderOptions();
        strict.setAllowDuplicateKeys(false);
        for (Object doc : new Yaml(strict).loadAll(r)) {
          if (doc != null) {
            docs++;
          }
        }
        assertTrue(docs > 0, f + " holds no document");
      } catch (RuntimeException e) {
        fail(DEPLOY.relativize(f) + ": " + e.getMessage());
      }
    }
  }

  @Test
  void controllerConfigsLoad() throws IOException {
    List<Path> configs =
        yamlFiles().stream()
            .filter(f -> f.getFileName().toString().startsWith("controller"))
            .filter(f -> f.getParent().getFileName().toString().equals("config"))
            .toList();
    assertEquals(4, configs.size(), configs.toString()); // deploy/config + three of compose
    for (Path f : configs) {
      ControllerConfig c = ConfigLoader.load(f);
      assertEquals(3, c.peers().size(), f.toString());
    }
  }

  @Test
  void kubernetesControllerConfigsLoad() throws IOException {
    Map<String, Object> configMap = firstDocument(DEPLOY.resolve("kubernetes/controller.yaml"));
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) configMap.get("data");
    assertEquals(
        Set.of("controller-0.yaml", "controller-1.yaml", "controller-2.yaml"), data.keySet());
    List<String> ids = new ArrayList<>();
    for (String yaml : data.values()) {
      ids.add(ConfigLoader.parse(yaml).nodeId());
    }
    assertEquals(3, Set.copyOf(ids).size(), ids.toString());
  }

  @Test
  void agentConfigsUseOnlyContractKeys() throws IOException {
    List<Path> agents =
        yamlFiles().stream().filter(f -> f.getFileName().toString().startsWith("agent")).toList();
    assertEquals(4, agents.size(), agents.toString()); // deploy/config + three of compose
    for (Path f : agents) {
      checkAgent(f.toString(), firstDocument(f));
    }
    Map<String, Object> k8s = firstDocument(DEPLOY.resolve("kubernetes/zookeeper-with-agent.yaml"));
    @SuppressWarnings("unchecked")
    String template = ((Map<String, String>) k8s.get("data")).get("agent.yaml.tmpl");
    String filled = template.replace("__ORDINAL__", "0").replace("__MYID__", "1");
    checkAgent("k8s agent.yaml.tmpl", new Yaml().load(filled));
  }

  @SuppressWarnings("unchecked")
  private static void checkAgent(String where, Map<String, Object> agent) {
    assertTrue(AGENT_KEYS.containsAll(agent.keySet()), where + ": " + agent.keySet());
    for (String required : List.of("site", "region", "controllers", "workDir", "stores")) {
      assertTrue(agent.containsKey(required), where + ": no " + required);
    }
    Map<String, Object> stores = (Map<String, Object>) agent.get("stores");
    assertTrue(stores.containsKey((String) agent.get("region")), where + ": no own store");
    List<Map<String, Object>> ensembles =
        (List<Map<String, Object>>) agent.getOrDefault("ensembles", List.of());
    for (Map<String, Object> e : ensembles) {
      for (Map<String, Object> m : (List<Map<String, Object>>) e.get("members")) {
        assertTrue(MEMBER_KEYS.containsAll(m.keySet()), where + ": " + m.keySet());
        Map<String, Object> control = (Map<String, Object>) m.get("control");
        if ("external".equals(control.get("mode"))) {
          assertFalse(((List<?>) control.get("start")).isEmpty(), where + ": no start argv");
          assertFalse(((List<?>) control.get("stop")).isEmpty(), where + ": no stop argv");
        }
      }
    }
  }

  @Test
  void composeNamesEveryServiceTheTaskNeeds() throws IOException {
    Map<String, Object> compose = firstDocument(DEPLOY.resolve("compose/docker-compose.yml"));
    @SuppressWarnings("unchecked")
    Set<String> services = ((Map<String, Object>) compose.get("services")).keySet();
    assertTrue(
        services.containsAll(
            List.of(
                "zk1",
                "zk2",
                "zk3",
                "controller-us-east",
                "controller-eu-west",
                "controller-ap-south",
                "agent-us-east-a",
                "agent-eu-west-a",
                "agent-ap-south-a",
                "prometheus")),
        services.toString());
  }

  @Test
  void systemdUnitsHaveTheirSections() throws IOException {
    for (String unit :
        List.of("zkdr-controller.service", "zkdr-agent.service", "zookeeper@.service")) {
      String text = Files.readString(DEPLOY.resolve("systemd").resolve(unit));
      for (String s : List.of("[Unit]", "[Service]", "[Install]", "ExecStart=", "ProtectSystem=")) {
        assertTrue(text.contains(s), unit + " lacks " + s);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstDocument(Path f) throws IOException {
    try (Reader r = Files.newBufferedReader(f)) {
      return (Map<String, Object>) new Yaml().loadAll(r).iterator().next();
    }
  }

  private static List<Path> yamlFiles() throws IOException {
    assertTrue(Files.isDirectory(DEPLOY), DEPLOY + " is not a directory");
    try (Stream<Path> all = Files.walk(DEPLOY)) {
      return all.filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
