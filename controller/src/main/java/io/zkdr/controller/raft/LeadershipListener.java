package io.zkdr.controller.raft;

/** Told when this controller becomes a ready leader and when it stops being one. */
public interface LeadershipListener {
  /** This node is leader and has applied every entry of earlier terms. */
  void onLeaderReady(long term);

  /** This node is no longer leader (or is shutting down). */
  void onNotLeader();
}
