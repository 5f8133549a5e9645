package io.zkdr.agent.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreRequestTest {

  private static JobContext ctx(Map<String, String> params) {
    Job job =
        new Job(
            "r1",
            Instant.EPOCH,
            new JobSpec(JobKind.RESTORE, "zk", "eu-west", null, params, 3),
            null);
    return new JobContext() {
      @Override
      public Job job() {
        return job;
      }

      @Override
      public int attempt() {
        return 1;
      }

      @Override
      public void progress(String text) {}

      @Override
      public SiteServices site() {
        throw new AssertionError("not needed: spec.region is set");
      }
    };
  }

  @Test
  void defaultsToTheLatestPointOfTheWholeTreeInAScratchServer() throws Exception {
    RestoreRequest r = RestoreRequest.of(ctx(Map.of()));
    assertEquals(RestoreRequest.Target.SCRATCH, r.target());
    assertEquals(RestoreRequest.OnConflict.FAIL, r.onConflict());
    assertEquals("/", r.subtree());
    assertEquals(-1, r.toZxid());
    assertFalse(r.dryRun());
    assertEquals("eu-west", r.region());
  }

  @Test
  void readsEveryParameter() throws Exception {
    RestoreRequest r =
        RestoreRequest.of(
            ctx(
                Map.of(
                    "toZxid", "0x100000a2f",
                    "subtree", "/app/cfg",
                    "target", "running",
                    "dryRun", "true",
                    "onConflict", "overwrite",
                    "connectString", "127.0.0.1:2181")));
    assertEquals(0x100000a2fL, r.toZxid());
    assertEquals(RestoreRequest.Target.RUNNING, r.target());
    assertEquals(RestoreRequest.OnConflict.OVERWRITE, r.onConflict());
    assertTrue(r.dryRun());
    assertEquals("127.0.0.1:2181", r.connectString());
  }

  @Test
  void refusesBadParametersForGood() {
    for (Map<String, String> bad :
        java.util.List.of(
            Map.of("toZxid", "0x1", "toTime", "2026-01-01T00:00:00Z"),
            Map.of("toZxid", "zz"),
            Map.of("toTime", "yesterday"),
            Map.of("target", "elsewhere"),
            Map.of("subtree", "no-slash"),
            Map.of("dryRun", "maybe"),
            Map.of("target", "members", "subtree", "/app"))) {
      JobFailedException e =
          assertThrows(JobFailedException.class, () -> RestoreRequest.of(ctx(bad)), bad.toString());
      assertFalse(e.retryable(), bad.toString());
      assertTrue(e.getMessage().contains("r1"), e.getMessage());
    }
  }
}
