package io.zkdr.agent.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.ControllerHttp;
import io.zkdr.model.Agent;
import io.zkdr.model.AgentHealth;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.Ensemble;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.Policy;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.RestorableRange;
import io.zkdr.model.VerificationResult;
import io.zkdr.zk.Zxid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's typed view of the controllers' API (see {@code docs/controller.md}, "Agent
 * protocol"). Calls throw {@link io.zkdr.client.NoControllerException} when no controller answers
 * and {@link ApiCallException} on a rejection; the lease calls turn a 409 into {@link
 * LeaseLostException}.
 */
public final class CatalogClient {
  private final ControllerHttp http;
  private final String agentId;

  public CatalogClient(ControllerHttp http, String agentId) {
    this.http = http;
    this.agentId = agentId;
  }

  public String agentId() {
    return agentId;
  }

  /** The underlying JSON client, for calls this class does not wrap. */
  public ControllerHttp http() {
    return http;
  }

  /** Registers (again) this agent and its site. */
  public Agent register(String site, String region, String version) {
    return http.convert(
        http.post(
            "/v1/agents",
            Map.of("id", agentId, "site", site, "region", region, "version", version)),
        Agent.class);
  }

  /** Reports liveness and health. */
  public void heartbeat(String version, AgentHealth health) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", health.status().name());
    h.put("details", health.details());
    http.post("/v1/agents/" + agentId + "/heartbeat", Map.of("version", version, "health", h));
  }

  /**
   * Long-polls for a job of one of {@code kinds} (any when empty).
   *
   * @return the leased job ({@code status.attempts} is the lease's attempt), or empty after {@code
   *     wait}
   */
  public Optional<Job> lease(List<JobKind> kinds, Duration wait) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kinds", kinds.stream().map(Enum::name).toList());
    body.put("waitMs", wait.toMillis());
    ControllerHttp.Answer a = http.send("POST", "/v1/agents/" + agentId + "/lease", body, wait);
    if (a.status() == 204 || a.body().isNull()) {
      return Optional.empty();
    }
    return Optional.of(http.convert(a.body(), Job.class));
  }

  /** Reports progress and renews the lease. */
  public void progress(String jobId, int attempt, String progress) {
    leaseCall(
        jobId,
        attempt,
        "progress",
        Map.of("agentId", agentId, "attempt", attempt, "progress", progress));
  }

  /** Completes a job; repeating the same completion is harmless. */
  public void complete(String jobId, int attempt, Map<String, String> result) {
    leaseCall(
        jobId,
        attempt,
        "complete",
        Map.of("agentId", agentId, "attempt", attempt, "result", result));
  }

  /** Fails a job; a retryable failure returns it to the queue after a back-off. */
  public void fail(String jobId, int attempt, String message, boolean retryable) {
    String m = message == null ? "failed" : message;
    leaseCall(
        jobId,
        attempt,
        "fail",
        Map.of(
            "agentId",
            agentId,
            "attempt",
            attempt,
            "message",
            m.length() > 4000 ? m.substring(0, 4000) : m,
            "retryable",
            retryable));
  }

  private void leaseCall(String jobId, int attempt, String verb, Object body) {
    try {
      http.post("/v1/jobs/" + enc(jobId) + "/" + verb, body);
    } catch (ApiCallException e) {
      if (e.conflict()) {
        throw new LeaseLostException(jobId, attempt, e.apiMessage());
      }
      throw e;
    }
  }

  /**
   * Records a backup whose bytes are durable in at least one copy. Recording the same id again (a
   * retry after a lost answer) returns the existing entry.
   */
  public Backup putBackup(Backup b) {
    // The API records verifications separately; a new entry carries none.
    ObjectNode body = (ObjectNode) http.toJson(b);
    body.remove("verifications");
    try {
      return http.convert(http.post("/v1/backups", body), Backup.class);
    } catch (ApiCallException e) {
      if ("ALREADY_EXISTS".equals(e.code())) {
        Optional<Backup> existing = backup(b.id());
        if (existing.isPresent()) {
          return existing.get();
        }
      }
      throw e;
    }
  }

  /** Adds or replaces the copy of backup {@code id} in {@code copy.region()}. */
  public Backup addCopy(String id, BackupCopy copy) {
    return http.convert(http.post("/v1/backups/" + enc(id) + "/copies", copy), Backup.class);
  }

  /** Appends a verification result to backup {@code id}. */
  public Backup addVerification(String id, VerificationResult result) {
    return http.convert(
        http.post("/v1/backups/" + enc(id) + "/verifications", result), Backup.class);
  }

  public Optional<Backup> backup(String id) {
    return optional("/v1/backups/" + enc(id), Backup.class);
  }

  public Optional<Ensemble> ensemble(String name) {
    return optional("/v1/ensembles/" + enc(name), Ensemble.class);
  }

  public Optional<Policy> policy(String name) {
    return optional("/v1/policies/" + enc(name), Policy.class);
  }

  public Optional<Job> job(String id) {
    return optional("/v1/jobs/" + enc(id), Job.class);
  }

  /** Backups of {@code ensemble} whose toZxid lies in [fromZxid, toZxid], by toZxid. */
  public List<Backup> backupsByZxid(String ensemble, long fromZxid, long toZxid) {
    List<Backup> out = new ArrayList<>();
    String token = null;
    do {
      String path =
          "/v1/ensembles/"
              + enc(ensemble)
              + "/backups?limit=1000&fromZxid="
              + Zxid.hex(fromZxid)
              + "&toZxid="
              + Zxid.hex(toZxid)
              + (token == null ? "" : "&pageToken=" + enc(token));
      JsonNode page = http.get(path);
      for (JsonNode n : page.path("items")) {
        out.add(http.convert(n, Backup.class));
      }
      token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
    } while (token != null);
    return out;
  }

  /** The chains of {@code ensemble} restorable from the copies in {@code region}. */
  public RestorableRange restorable(String ensemble, String region) {
    JsonNode n = http.get("/v1/ensembles/" + enc(ensemble) + "/restorable?region=" + enc(region));
    for (JsonNode r : n.path("regions")) {
      if (region.equals(r.path("region").asText())) {
        return new RestorableRange(
            ensemble, region, List.of(http.convert(r.path("chains"), RestorableChain[].class)));
      }
    }
    return new RestorableRange(ensemble, region, List.of());
  }

  private <T> Optional<T> optional(String path, Class<T> type) {
    try {
      return Optional.of(http.get(path, type));
    } catch (ApiCallException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
