package io.zkdr.cli.demo;

import io.zkdr.net.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where everything of one demo lives: the regions with their controller and agent ports, the
 * ZooKeeper members of {@code demo-zk}, and the directories under the work dir. Every port is a
 * free loopback port picked at start.
 *
 * @param workDir the demo's work dir
 * @param regions the three regions, the ensemble's home first
 * @param members the ZooKeeper members, all managed by the home region's agent
 */
record DemoLayout(Path workDir, List<RegionLayout> regions, List<MemberLayout> members) {
  static final String HOST = "127.0.0.1";
  static final String ENSEMBLE = "demo-zk";
  static final String POLICY = "demo-policy";
  static final List<String> REGION_NAMES = List.of("us-east", "eu-west", "ap-south");

  /**
   * One region: its controller (Raft and HTTP port) and its agent.
   *
   * @param name region name
   * @param raftPort controller Raft (gRPC) port
   * @param httpPort controller HTTP API port
   * @param agentHttpPort agent's metrics/health port
   */
  record RegionLayout(String name, int raftPort, int httpPort, int agentHttpPort) {
    String site() {
      return name + "-a";
    }

    String agentId() {
      return name + "-agent";
    }

    String controllerUrl() {
      return "http://" + HOST + ":" + httpPort;
    }

    String agentUrl() {
      return "http://" + HOST + ":" + agentHttpPort;
    }
  }

  /**
   * One ZooKeeper member.
   *
   * @param myid its myid
   * @param clientPort client port
   * @param quorumPort quorum port
   * @param electionPort election port
   * @param adminPort admin server port
   */
  record MemberLayout(int myid, int clientPort, int quorumPort, int electionPort, int adminPort) {}

  /** Picks free ports for a new demo under {@code workDir}. */
  static DemoLayout allocate(Path workDir) {
    List<RegionLayout> regions = new ArrayList<>();
    List<MemberLayout> members = new ArrayList<>();
    int[] ports = freePorts(REGION_NAMES.size() * 3 + 3 * 4);
    int next = 0;
    for (String r : REGION_NAMES) {
      regions.add(new RegionLayout(r, ports[next++], ports[next++], ports[next++]));
    }
    for (int id = 1; id <= 3; id++) {
      members.add(new MemberLayout(id, ports[next++], ports[next++], ports[next++], ports[next++]));
    }
    return new DemoLayout(workDir.toAbsolutePath(), List.copyOf(regions), List.copyOf(members));
  }

  /** The region whose agent manages the ensemble. */
  RegionLayout home() {
    return regions.get(0);
  }

  Path controllerDir(RegionLayout r) {
    return workDir.resolve("controllers").resolve(r.name());
  }

  Path agentDir(RegionLayout r) {
    return workDir.resolve("agents").resolve(r.name());
  }

  Path storeDir(RegionLayout r) {
    return workDir.resolve("stores").resolve(r.name());
  }

  Path memberDir(MemberLayout m) {
    return workDir.resolve("zk").resolve("member-" + m.myid());
  }

  Path logDir() {
    return workDir.resolve("logs");
  }

  Path configDir() {
    return workDir.resolve("config");
  }

  /** The ZooKeeper connect string of the ensemble. */
  String connectString() {
    return String.join(",", members.stream().map(m -> HOST + ":" + m.clientPort()).toList());
  }

  /** Every controller's base URL, comma separated, as {@code --controller} takes it. */
  String controllerList() {
    return String.join(",", regions.stream().map(RegionLayout::controllerUrl).toList());
  }

  private static int[] freePorts(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = LoopbackPorts.next();
    }
    return out;
  }
}
