package io.zkdr.model;

import java.util.List;

/**
 * What an ensemble can be restored to from the copies held in one region.
 *
 * @param ensemble ensemble name
 * @param region region whose copies were considered
 * @param chains chains, oldest first
 */
public record RestorableRange(String ensemble, String region, List<RestorableChain> chains) {
  public RestorableRange {
    chains = chains == null ? List.of() : List.copyOf(chains);
  }
}
