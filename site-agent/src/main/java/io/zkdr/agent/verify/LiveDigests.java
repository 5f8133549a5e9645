package io.zkdr.agent.verify;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Member;
import io.zkdr.zk.admin.FourLetterWords;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/** The live ensemble's digest history ({@code hash}), from the first member that answers. */
final class LiveDigests {
  private static final Duration PROBE = Duration.ofSeconds(2);

  private LiveDigests() {}

  /** The history of {@code ensemble}, or null when no member answers with one. */
  static NavigableMap<Long, Long> of(SiteServices site, String ensemble) {
    List<String[]> addresses = new ArrayList<>();
    EnsembleConfig local = site.config().ensemble(ensemble);
    if (local != null) {
      for (MemberConfig m : local.members()) {
        addresses.add(new String[] {m.host(), String.valueOf(m.clientPort())});
      }
    } else {
      try {
        for (Member m :
            site.catalog().ensemble(ensemble).map(Ensemble::spec).orElseThrow().members()) {
          addresses.add(new String[] {m.host(), String.valueOf(m.clientPort())});
        }
      } catch (RuntimeException e) {
        return null; // no catalog entry or no controller: verify without the live history
      }
    }
    for (String[] a : addresses) {
      try {
        NavigableMap<Long, Long> h = FourLetterWords.hash(a[0], Integer.parseInt(a[1]), PROBE);
        if (!h.isEmpty()) {
          return h;
        }
      } catch (IOException e) {
        // try the next member
      }
    }
    return null;
  }
}
