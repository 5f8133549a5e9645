package io.zkdr.controller.raft;

/**
 * A member's view of the group.
 *
 * @param self this member's id
 * @param role FOLLOWER, CANDIDATE, LEADER, LISTENER
 * @param term current term
 * @param leader the leader it knows of, or null
 * @param leaderReady whether this member is a leader that has applied all earlier terms
 * @param commitIndex last committed log index it knows of
 * @param appliedIndex last log index applied to its catalog
 */
public record RaftStatus(
    String self,
    String role,
    long term,
    String leader,
    boolean leaderReady,
    long commitIndex,
    long appliedIndex) {}
