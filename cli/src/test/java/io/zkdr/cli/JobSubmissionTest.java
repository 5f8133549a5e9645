package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkdr.cli.job.JobSubmission;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobState;
import io.zkdr.model.JobStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSubmissionTest {
  private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  private static Job job(JobState state, String message, Map<String, String> result) {
    return new Job(
        "full-pay-1",
        T,
        new JobSpec(JobKind.CAPTURE_FULL, "pay", "us-east", null, Map.of(), 3),
        new JobStatus(state, 1, "agent-1", null, null, null, message, result, T.plusSeconds(75)));
  }

  @Test
  void aFinishedJobPrintsItsResultAndMapsToTheExitCode() {
    OutputOption table = new OutputOption();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int ok =
        JobSubmission.report(
            job(JobState.SUCCEEDED, null, Map.of("toZxid", "0x10", "backupId", "full-pay-1")),
            table,
            new PrintWriter(out),
            new PrintWriter(err));
    assertEquals(0, ok);
    String[] lines = out.toString().split("\n");
    assertEquals("took      1m15s", lines[3].stripTrailing());
    assertEquals("backupId  full-pay-1", lines[4].stripTrailing(), "result keys sorted");
    assertEquals("", err.toString());

    int failed =
        JobSubmission.report(
            job(JobState.CANCELLED, "operator asked", Map.of()),
            table,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertEquals(ExitCode.JOB_FAILED.code(), failed);
    assertEquals(
        "zkdr: job full-pay-1 cancelled: operator asked", err.toString().lines().findFirst().get());
  }

  @Test
  void newJobIdsNameKindEnsembleAndTime() {
    String id = JobSubmission.newJobId(JobKind.CAPTURE_FULL, "payments-zk", T);
    assertEquals(true, id.matches("full-payments-zk-20261123T120000-[0-9a-f]{4}"), id);
  }
}
