package io.zkdr.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.cli.demo.DemoLayout.MemberLayout;
import io.zkdr.cli.demo.DemoLayout.RegionLayout;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the controller and agent YAML files of a demo, in the formats {@code ControllerMain} and
 * {@code AgentMain} read (see {@code deploy/config/} for the documented versions).
 */
final class DemoConfigFiles {
  private final DemoLayout layout;
  private final ObjectMapper yaml = JsonMapperFactory.newYamlMapper();

  DemoConfigFiles(DemoLayout layout) {
    this.layout = layout;
  }

  /** Writes {@code controller-<region>.yaml} and returns its path. */
  Path writeController(RegionLayout self) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("nodeId", self.name());
    root.put("storageDir", layout.controllerDir(self).toString());
    List<Object> peers = new ArrayList<>();
    for (RegionLayout r : layout.regions()) {
      peers.add(
          map(
              "id",
              r.name(),
              "region",
              r.name(),
              "raft",
              DemoLayout.HOST + ":" + r.raftPort(),
              "http",
              DemoLayout.HOST + ":" + r.httpPort()));
    }
    root.put("peers", peers);
    // Short job leases so that a job held by a stopped agent comes back within the demo.
    root.put(
        "timeouts",
        map(
            "electionMinMs", 1000,
            "electionMaxMs", 2000,
            "requestMs", 10000,
            "jobLeaseMs", 30000,
            "longPollMaxMs", 20000));
    return write("controller-" + self.name() + ".yaml", root);
  }

  /** Writes {@code agent-<region>.yaml}; the home region's agent manages the ensemble. */
  Path writeAgent(RegionLayout self) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("agentId", self.agentId());
    root.put("site", self.site());
    root.put("region", self.name());
    root.put("controllers", layout.regions().stream().map(RegionLayout::controllerUrl).toList());
    root.put("http", map("host", DemoLayout.HOST, "port", self.agentHttpPort()));
    root.put("workDir", layout.agentDir(self).toString());
    Map<String, Object> stores = new LinkedHashMap<>();
    for (RegionLayout r : layout.regions()) {
      stores.put(r.name(), map("uri", layout.storeDir(r).toUri().toString()));
    }
    root.put("stores", stores);
    List<Object> ensembles = new ArrayList<>();
    if (self.equals(layout.home())) {
      List<Object> members = new ArrayList<>();
      for (MemberLayout m : layout.members()) {
        Path dir = layout.memberDir(m);
        members.add(
            map(
                "myid", m.myid(),
                "host", DemoLayout.HOST,
                "clientPort", m.clientPort(),
                "quorumPort", m.quorumPort(),
                "electionPort", m.electionPort(),
                "adminPort", m.adminPort(),
                "dataDir", dir.resolve("data").toString(),
                "dataLogDir", dir.resolve("log").toString(),
                "control", map("mode", "managed")));
      }
      ensembles.add(map("name", DemoLayout.ENSEMBLE, "members", members));
    }
    root.put("ensembles", ensembles);
    root.put("shipping", map("segmentIntervalMs", 1000, "segmentMaxTxns", 10000));
    root.put("heartbeatIntervalMs", 2000);
    root.put("leaseWaitMs", 10000);
    return write("agent-" + self.name() + ".yaml", root);
  }

  private Path write(String name, Map<String, Object> root) throws IOException {
    Path file = Files.createDirectories(layout.configDir()).resolve(name);
    Files.writeString(file, yaml.writeValueAsString(root));
    return file;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
