package io.zkdr.zk.admin;

/**
 * What {@code srvr} says about one server.
 *
 * @param serving whether the server answers client requests
 * @param mode {@code leader}, {@code follower}, {@code observer}, {@code standalone}, or empty when
 *     not serving
 * @param zxid the last processed zxid, or -1 when not serving
 * @param nodeCount the number of znodes, or -1 when not serving
 * @param version the ZooKeeper version line, or empty
 */
public record ServerStatus(
    boolean serving, String mode, long zxid, long nodeCount, String version) {

  /** The status of a server that is up but not serving (electing a leader, syncing). */
  public static ServerStatus notServing() {
    return new ServerStatus(false, "", -1, -1, "");
  }

  public boolean isLeader() {
    return "leader".equals(mode);
  }
}
