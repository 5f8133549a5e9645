package io.zkdr.zk.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One server of an ensemble as the launcher sees it.
 *
 * @param myid the server id ({@code server.<myid>} and the {@code myid} file)
 * @param host the address every port binds to and peers connect to
 * @param clientPort client connections and four-letter words
 * @param quorumPort follower-to-leader traffic
 * @param electionPort leader election
 * @param adminPort the AdminServer's HTTP port (used only when the admin server is enabled)
 * @param memberDir the member's home: {@code zoo.cfg}, {@code server.log}, and by default the data
 *     dirs
 * @param dataDir snapshots and {@code myid}
 * @param dataLogDir transaction logs (may equal {@code dataDir})
 * @param role participant or observer
 */
public record ZkMember(
    int myid,
    String host,
    int clientPort,
    int quorumPort,
    int electionPort,
    int adminPort,
    Path memberDir,
    Path dataDir,
    Path dataLogDir,
    MemberRole role) {

  public ZkMember {
    if (myid <= 0) {
      throw new IllegalArgumentException("myid must be positive, got " + myid);
    }
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(memberDir, "memberDir");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(dataLogDir, "dataLogDir");
    Objects.requireNonNull(role, "role");
  }

  /**
   * A member whose data and log dirs live under {@code memberDir/data} and {@code memberDir/log}.
   */
  public static ZkMember inDir(
      int myid,
      String host,
      int clientPort,
      int quorumPort,
      int electionPort,
      int adminPort,
      Path memberDir,
      MemberRole role) {
    return new ZkMember(
        myid,
        host,
        clientPort,
        quorumPort,
        electionPort,
        adminPort,
        memberDir,
        memberDir.resolve("data"),
        memberDir.resolve("log"),
        role);
  }

  /** {@code host:clientPort}. */
  public String clientAddress() {
    return host + ":" + clientPort;
  }

  /** The {@code server.N=...} line for the static config. */
  String serverLine() {
    return "server."
        + myid
        + "="
        + host
        + ":"
        + quorumPort
        + ":"
        + electionPort
        + ":"
        + role.configName()
        + ";"
        + host
        + ":"
        + clientPort;
  }
}
