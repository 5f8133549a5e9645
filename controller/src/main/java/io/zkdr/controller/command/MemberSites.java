package io.zkdr.controller.command;

import io.zkdr.controller.catalog.CatalogTxn;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.model.Ensemble;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.Member;
import io.zkdr.model.Site;
import java.util.Comparator;
import java.util.List;

/**
 * Binds jobs that must run next to an ensemble's servers to the site of those servers, so that only
 * the agent there can lease them: {@code CAPTURE_FULL}, {@code SHIP_LOG}, and {@code RESTORE} into
 * the members or the running ensemble. A job whose creator named a site keeps it. Reads only the
 * catalog, so every replica binds the same way.
 */
final class MemberSites {
  private MemberSites() {}

  static JobSpec bind(JobSpec spec, Ensemble ensemble, CatalogTxn txn) {
    if (spec.site() != null || !memberBound(spec)) {
      return spec;
    }
    String wanted = spec.region() != null ? spec.region() : ensemble.status().activeRegion();
    List<Member> members =
        ensemble.spec().members().stream()
            .filter(m -> m.site() != null)
            .sorted(Comparator.comparingInt(Member::myid))
            .toList();
    if (members.isEmpty()) {
      return spec;
    }
    for (Member m : members) {
      Site site = txn.get(Table.SITES, Keys.utf8(m.site()), Site.class);
      if (site != null && site.region().equals(wanted)) {
        return with(spec, site.name(), site.region());
      }
    }
    // No member's site is known in the wanted region yet (its agent has not registered): bind to
    // the first member's site, and to its region when that is known.
    Member first = members.get(0);
    Site site = txn.get(Table.SITES, Keys.utf8(first.site()), Site.class);
    return with(spec, first.site(), site != null ? site.region() : spec.region());
  }

  private static boolean memberBound(JobSpec spec) {
    JobKind k = spec.kind();
    if (k == JobKind.CAPTURE_FULL || k == JobKind.SHIP_LOG) {
      return true;
    }
    if (k == JobKind.RESTORE) {
      String target = spec.params().getOrDefault("target", "scratch");
      return target.equals("members") || target.equals("running");
    }
    return false;
  }

  private static JobSpec with(JobSpec spec, String site, String region) {
    java.util.Map<String, String> params = spec.params();
    if (spec.kind() == JobKind.RESTORE
        && spec.region() != null
        && !spec.region().equals(region)
        && !params.containsKey("sourceRegion")) {
      // The restore runs where the members are but keeps reading the copies it was asked for.
      params = new java.util.TreeMap<>(params);
      params.put("sourceRegion", spec.region());
    }
    return new JobSpec(spec.kind(), spec.ensemble(), region, site, params, spec.maxAttempts());
  }
}
