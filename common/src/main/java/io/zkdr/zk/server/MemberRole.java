package io.zkdr.zk.server;

/** Whether a member votes ({@code participant}) or only follows the quorum ({@code observer}). */
public enum MemberRole {
  PARTICIPANT("participant"),
  OBSERVER("observer");

  private final String configName;

  MemberRole(String configName) {
    this.configName = configName;
  }

  /** The word ZooKeeper uses in {@code server.N=...:role} lines. */
  public String configName() {
    return configName;
  }
}
