package io.zkdr.agent.config;

import java.nio.file.Path;

/**
 * One ZooKeeper server the agent manages.
 *
 * @param myid the server's {@code myid}
 * @param host address clients and peers use
 * @param clientPort client port
 * @param quorumPort quorum port
 * @param electionPort leader election port
 * @param adminPort admin server port, 0 when disabled (health then uses four-letter words)
 * @param dataDir snapshot directory
 * @param dataLogDir transaction log directory (may equal dataDir)
 * @param control how the agent stops and starts the server
 */
public record MemberConfig(
    int myid,
    String host,
    int clientPort,
    int quorumPort,
    int electionPort,
    int adminPort,
    Path dataDir,
    Path dataLogDir,
    MemberControlConfig control) {}
