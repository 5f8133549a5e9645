package io.zkdr.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.demo.DemoLayout.MemberLayout;
import io.zkdr.cli.demo.DemoLayout.RegionLayout;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.ControllerHttp;
import io.zkdr.client.NoControllerException;
import io.zkdr.model.Agent;
import io.zkdr.model.Backup;
import io.zkdr.model.EnsembleSpec;
import io.zkdr.model.IncrementalMode;
import io.zkdr.model.Member;
import io.zkdr.model.MemberRole;
import io.zkdr.model.PolicySpec;
import io.zkdr.model.RetentionRule;
import io.zkdr.model.VerificationRule;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the demo registers in the catalog through the HTTP API, and what it reads back. */
final class DemoCatalog {
  private final DemoLayout layout;
  private final ControllerHttp http;
  private final Map<String, ControllerHttp> probes = new java.util.HashMap<>();

  DemoCatalog(DemoLayout layout) {
    this.layout = layout;
    this.http =
        new ControllerHttp(
            layout.regions().stream().map(r -> URI.create(r.controllerUrl())).toList(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(15),
            "zkdr-demo");
  }

  /**
   * Waits until every controller answers {@code /health/ready} (the group has a leader).
   *
   * @throws DemoException when they are not ready within {@code timeout}
   */
  void awaitReady(Duration timeout, ChildProcesses children) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    List<String> notReady = List.of();
    while (Instant.now().isBefore(deadline)) {
      DemoException.failIfExited(children);
      notReady = new ArrayList<>();
      for (RegionLayout r : layout.regions()) {
        if (!ready(r)) {
          notReady.add(r.name());
        }
      }
      if (notReady.isEmpty()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new DemoException(
        "controllers " + notReady + " not ready within " + timeout.toSeconds() + " s");
  }

  private boolean ready(RegionLayout r) {
    ControllerHttp one =
        probes.computeIfAbsent(
            r.name(),
            n ->
                new ControllerHttp(
                    List.of(URI.create(r.controllerUrl())),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    null));
    try {
      one.get("/health/ready");
      return true;
    } catch (ApiCallException | NoControllerException e) {
      return false;
    }
  }

  /** Creates the three regions (before any agent registers in one). */
  void putRegions() {
    for (RegionLayout r : layout.regions()) {
      http.put("/v1/regions/" + r.name(), Map.of("description", "demo region " + r.name()));
    }
  }

  /**
   * Registers the policy (full every minute, continuous increments, replicated to the other two
   * regions, every backup verified, a test restore every 5 fulls) and the ensemble that uses it.
   */
  void putPolicyAndEnsemble() {
    List<String> standby = layout.regions().stream().skip(1).map(RegionLayout::name).toList();
    PolicySpec policy =
        new PolicySpec(
            "* * * * *",
            IncrementalMode.CONTINUOUS,
            null,
            new RetentionRule(7, 4, 3),
            standby,
            new VerificationRule(true, 5),
            null);
    http.put("/v1/policies/" + DemoLayout.POLICY, withoutNulls(policy));
    List<Member> members = new ArrayList<>();
    for (MemberLayout m : layout.members()) {
      members.add(
          new Member(
              m.myid(),
              DemoLayout.HOST,
              m.clientPort(),
              m.quorumPort(),
              m.electionPort(),
              m.adminPort(),
              layout.memberDir(m).resolve("data").toString(),
              layout.memberDir(m).resolve("log").toString(),
              MemberRole.PARTICIPANT,
              layout.home().site()));
    }
    EnsembleSpec spec = new EnsembleSpec(members, layout.home().name(), standby, DemoLayout.POLICY);
    http.put("/v1/ensembles/" + DemoLayout.ENSEMBLE, withoutNulls(spec));
  }

  private JsonNode withoutNulls(Object value) {
    JsonNode n = http.toJson(value);
    if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      List<String> nulls = new ArrayList<>();
      o.fieldNames().forEachRemaining(f -> nulls.add(f));
      nulls.stream().filter(f -> o.get(f).isNull()).forEach(o::remove);
    }
    return n;
  }

  /** The leader's id as the answering controller sees it, or null. */
  String leader() {
    JsonNode c = http.get("/v1/cluster");
    return c.hasNonNull("leader") ? c.get("leader").asText() : null;
  }

  /** Every registered agent. */
  List<Agent> agents() {
    List<Agent> out = new ArrayList<>();
    for (JsonNode n : pages("/v1/agents?")) {
      out.add(http.convert(n, Agent.class));
    }
    return out;
  }

  /** Every backup of the demo ensemble, oldest first. */
  List<Backup> backups() {
    List<Backup> out = new ArrayList<>();
    for (JsonNode n : pages("/v1/ensembles/" + DemoLayout.ENSEMBLE + "/backups?")) {
      out.add(http.convert(n, Backup.class));
    }
    return out;
  }

  private List<JsonNode> pages(String pathAndQuery) {
    List<JsonNode> items = new ArrayList<>();
    String token = null;
    do {
      String path =
          pathAndQuery
              + "limit=1000"
              + (token == null
                  ? ""
                  : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      JsonNode page = http.get(path);
      page.path("items").forEach(items::add);
      token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
    } while (token != null);
    return items;
  }
}
