package io.zkdr.controller.api;

import io.zkdr.model.AgentHealth;
import io.zkdr.model.Backup;
import io.zkdr.model.DrillOutcome;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request bodies that are not model records. Field rules are in the OpenAPI document. */
final class RequestBodies {
  private RequestBodies() {}

  record RegionBody(String description) {}

  record AgentRegistration(String id, String site, String region, String version) {}

  record Heartbeat(String version, AgentHealth health) {}

  record LeaseRequest(List<JobKind> kinds, Integer waitMs) {}

  record GenerationBump(long expectedGeneration, String activeRegion) {}

  record BackupBatch(List<Backup> backups) {}

  record JobCreation(String id, JobSpec spec) {}

  record Cancellation(String reason) {}

  record Progress(String agentId, int attempt, String progress) {}

  record Completion(String agentId, int attempt, Map<String, String> result, String message) {}

  record Failure(String agentId, int attempt, String message, boolean retryable) {}

  record DrillRunBody(
      String ensemble,
      String scenario,
      Instant startedAt,
      Instant finishedAt,
      DrillOutcome outcome,
      Long rtoMs,
      Long rpoMs,
      Integer score,
      String report) {}
}
