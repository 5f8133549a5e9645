package io.zkdr.model;

import java.util.List;

/**
 * What an operator declares about an ensemble.
 *
 * @param members its servers
 * @param homeRegion the region that normally serves it
 * @param standbyRegions regions it can fail over to
 * @param policy name of the backup policy that applies, or null
 */
public record EnsembleSpec(
    List<Member> members, String homeRegion, List<String> standbyRegions, String policy) {
  public EnsembleSpec {
    members = members == null ? List.of() : List.copyOf(members);
    standbyRegions = standbyRegions == null ? List.of() : List.copyOf(standbyRegions);
  }
}
