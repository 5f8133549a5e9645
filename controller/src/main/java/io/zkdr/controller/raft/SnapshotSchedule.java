package io.zkdr.controller.raft;

/**
 * When a member starts a Raft snapshot: each time the applied index passes its own phase of a
 * period shared by the group, the phases spread evenly over the period.
 *
 * <p>Why: with Ratis' threshold alone every member reaches it at the same index, so all of them
 * wrote their checkpoints at once, sharing the CPUs and the disk of a small host with the writes
 * (p99 of writes in those windows 67-117 ms against 30-53 ms outside them). Staggered, at most one
 * member writes a checkpoint at a time, and while it is a follower the leader's commits wait only
 * for the other follower.
 */
final class SnapshotSchedule {
  private final long period;
  private final long phase;
  private final int members;

  /**
   * @param period log entries between a member's snapshots
   * @param rank this member's place among the {@code members} (0-based)
   */
  SnapshotSchedule(long period, int rank, int members) {
    if (period < 1 || members < 1 || rank < 0 || rank >= members) {
      throw new IllegalArgumentException(
          "snapshot schedule: period " + period + ", rank " + rank + " of " + members);
    }
    this.period = period;
    this.members = members;
    this.phase = period * rank / members;
  }

  /**
   * Whether a snapshot is due at applied index {@code index} when the latest one is at {@code
   * latest} (-1 when there is none): a point {@code k * period + phase} lies in between.
   */
  boolean due(long index, long latest) {
    return Math.floorDiv(index - phase, period) > Math.floorDiv(latest - phase, period);
  }

  /**
   * The Ratis auto-trigger threshold to go with this schedule: Ratis offers a snapshot after this
   * many entries, and {@link #due} decides which offer is taken.
   */
  long triggerThreshold() {
    return Math.max(1, period / members);
  }
}
