package io.zkdr.controller.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one controller needs, read from one YAML file by {@link ConfigLoader}.
 *
 * @param nodeId this controller's peer id; must be one of {@code peers}
 * @param storageDir directory for the Raft log, snapshots and the catalog database
 * @param groupId Raft group id (a UUID); all peers must agree
 * @param peers the controllers of the group
 * @param electionTimeoutMin Raft election timeout, lower bound
 * @param electionTimeoutMax Raft election timeout, upper bound
 * @param requestTimeout how long a write may wait for Raft
 * @param jobLease how long an agent's job lease lasts unless renewed
 * @param longPollMax longest wait of a job-lease long poll
 * @param snapshotThreshold log entries between Raft snapshots
 * @param logSegmentBytes Raft log segment size (purging works per closed segment)
 * @param bodyLimitBytes largest accepted HTTP request body
 * @param catalogCacheBytes size of the catalog database's block cache
 * @param httpEventLoops event-loop threads of the HTTP API
 * @param readThreads threads that run catalog reads for the HTTP API
 */
public record ControllerConfig(
    String nodeId,
    Path storageDir,
    String groupId,
    List<PeerConfig> peers,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    Duration jobLease,
    Duration longPollMax,
    long snapshotThreshold,
    long logSegmentBytes,
    long bodyLimitBytes,
    long catalogCacheBytes,
    int httpEventLoops,
    int readThreads) {

  /** Default of {@code http.eventLoops}: one per CPU, at least two. */
  public static final int DEFAULT_EVENT_LOOPS =
      Math.max(2, Runtime.getRuntime().availableProcessors());

  /**
   * Default of {@code raft.snapshotThreshold}. Ratis deletes the log a snapshot covers in one go,
   * on the thread that writes and syncs the log, so every write waits for those unlinks: at 100,000
   * entries of a busy catalog (some 50 segment files) that held writes for tens of milliseconds.
   */
  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 20_000;

  /** Default of {@code http.readThreads}. */
  public static final int DEFAULT_READ_THREADS = 8;

  public ControllerConfig {
    peers = List.copyOf(peers);
  }

  /** This controller's own peer entry. */
  public PeerConfig self() {
    return peers.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow();
  }

  /** This controller's region. */
  public String region() {
    return self().region();
  }
}
