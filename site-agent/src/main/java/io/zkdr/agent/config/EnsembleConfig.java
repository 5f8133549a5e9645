package io.zkdr.agent.config;

import java.util.List;

/**
 * One ensemble whose members run at this agent's site.
 *
 * @param name the ensemble's name in the catalog
 * @param members its members at this site
 */
public record EnsembleConfig(String name, List<MemberConfig> members) {
  public EnsembleConfig {
    members = List.copyOf(members);
  }

  /** The member with {@code myid}, or null. */
  public MemberConfig member(int myid) {
    return members.stream().filter(m -> m.myid() == myid).findFirst().orElse(null);
  }

  /** {@code host:clientPort,...} of the members, for a ZooKeeper client. */
  public String connectString() {
    return String.join(",", members.stream().map(m -> m.host() + ":" + m.clientPort()).toList());
  }
}
