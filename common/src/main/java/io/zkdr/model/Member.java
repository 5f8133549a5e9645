package io.zkdr.model;

/**
 * One ZooKeeper server of an ensemble.
 *
 * @param myid the server's {@code myid}
 * @param host host name or address
 * @param clientPort client port
 * @param quorumPort quorum (follower to leader) port
 * @param electionPort leader election port
 * @param adminPort admin server port, 0 when disabled
 * @param dataDir snapshot directory ({@code dataDir})
 * @param dataLogDir transaction log directory ({@code dataLogDir}); may equal dataDir
 * @param role participant or observer
 * @param site the site whose agent manages this server
 */
public record Member(
    int myid,
    String host,
    int clientPort,
    int quorumPort,
    int electionPort,
    int adminPort,
    String dataDir,
    String dataLogDir,
    MemberRole role,
    String site) {}
