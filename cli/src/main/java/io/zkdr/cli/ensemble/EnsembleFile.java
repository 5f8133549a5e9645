package io.zkdr.cli.ensemble;

import io.zkdr.model.EnsembleSpec;
import io.zkdr.model.Member;
import java.util.List;

/**
 * The {@code -f ensemble.yaml} of {@code zkdr ensemble register}: the API's ensemble spec plus an
 * optional {@code name}.
 *
 * @param name ensemble name (the command's argument wins)
 * @param members its servers
 * @param homeRegion the region that normally serves it
 * @param standbyRegions regions it can fail over to
 * @param policy backup policy name
 */
public record EnsembleFile(
    String name,
    List<Member> members,
    String homeRegion,
    List<String> standbyRegions,
    String policy) {

  EnsembleSpec spec() {
    return new EnsembleSpec(members, homeRegion, standbyRegions, policy);
  }
}
