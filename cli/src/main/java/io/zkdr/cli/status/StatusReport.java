package io.zkdr.cli.status;

import io.zkdr.cli.health.EnsembleHealth;
import io.zkdr.model.Agent;
import io.zkdr.model.Region;
import java.time.Instant;
import java.util.List;

/**
 * Everything {@code zkdr status} shows, as {@code -o json|yaml} prints it.
 *
 * @param at when it was read
 * @param regions the catalog's regions
 * @param controllers each configured controller's view of the Raft group
 * @param agents the agents and their last heartbeats
 * @param ensembles each ensemble's health and backups
 */
public record StatusReport(
    Instant at,
    List<Region> regions,
    List<ControllerView> controllers,
    List<Agent> agents,
    List<EnsembleView> ensembles) {

  /**
   * One controller as it answered {@code /v1/cluster}, or why it did not.
   *
   * @param address its base URL
   * @param reachable whether it answered
   * @param id its node id
   * @param role FOLLOWER, CANDIDATE, LEADER
   * @param term Raft term
   * @param leader the leader it knows of
   * @param appliedIndex last log index applied to its catalog
   * @param error why it could not be read, or null
   */
  public record ControllerView(
      String address,
      boolean reachable,
      String id,
      String role,
      Long term,
      String leader,
      Long appliedIndex,
      String error) {}

  /**
   * One ensemble.
   *
   * @param name ensemble name
   * @param homeRegion home region
   * @param activeRegion region serving it now
   * @param failoverGeneration failover generation
   * @param health from the agents' heartbeats
   * @param lastBackup the last link of the newest restorable chain, or null
   * @param lastVerified the newest backup whose last verification passed, or null
   */
  public record EnsembleView(
      String name,
      String homeRegion,
      String activeRegion,
      long failoverGeneration,
      EnsembleHealth health,
      BackupSummary lastBackup,
      BackupSummary lastVerified) {}

  /**
   * A backup in one line.
   *
   * @param id backup id
   * @param kind FULL or INCREMENTAL
   * @param toZxid last zxid it holds (hex)
   * @param createdAt when it was complete
   */
  public record BackupSummary(String id, String kind, String toZxid, Instant createdAt) {}
}
