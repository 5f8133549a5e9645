package io.zkdr.cli.job;

import io.zkdr.cli.ExitCode;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/**
 * Creates one job and, with {@code --wait}, follows it to its end. Mixed into every command that
 * creates a job.
 */
public class JobSubmission {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  @Option(
      names = "--wait",
      description =
          "Block until the job ends and print its result; exit 0 when it succeeded, 4 when it"
              + " failed or was cancelled.")
  boolean wait;

  /** Whether {@code --wait} was given. */
  public boolean waiting() {
    return wait;
  }

  /**
   * A job id that reads well and is unique: {@code <kind>-<ensemble>-<UTC time>-<4 hex>}. The
   * client picks it so that a request retried on another controller cannot create a second job.
   */
  public static String newJobId(JobKind kind, String ensemble, Instant now) {
    String k =
        switch (kind) {
          case CAPTURE_FULL -> "full";
          default -> kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    return k
        + "-"
        + ensemble
        + "-"
        + ID_TIME.format(now)
        + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /**
   * Posts the job, prints it, and with {@code --wait} waits for its end.
   *
   * @param spec the job spec as the API takes it ({@code kind}, {@code ensemble}, {@code region},
   *     {@code params})
   * @return the exit status
   */
  public int submit(
      ControllerClient client,
      String jobId,
      Map<String, Object> spec,
      OutputOption output,
      PrintWriter out,
      PrintWriter err) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", jobId);
    body.put("spec", spec);
    Job created = client.convert(client.post("/v1/jobs", body), Job.class);
    if (!wait) {
      output
          .printer(out)
          .print(
              created,
              () ->
                  new Table("JOB", "KIND", "ENSEMBLE", "STATE")
                      .row(
                          created.id(),
                          created.spec().kind(),
                          created.spec().ensemble(),
                          created.status().state()));
      if (output.isTable()) {
        out.println("Follow it with: zkdr job describe " + created.id());
        out.flush();
      }
      return 0;
    }
    if (output.isTable()) {
      out.println("Created job " + created.id() + " (" + created.spec().kind() + "), waiting...");
      out.flush();
    }
    Job done = JobWaiter.forTerminal(client).await(created.id());
    return report(done, output, out, err);
  }

  /** Prints a finished job and returns 0 when it succeeded, 4 otherwise. */
  public static int report(Job done, OutputOption output, PrintWriter out, PrintWriter err) {
    Instant now = Instant.now();
    output.printer(out).print(done, () -> resultTable(done, now));
    if (done.status().state() == JobState.SUCCEEDED) {
      return 0;
    }
    err.println(
        "zkdr: job "
            + done.id()
            + " "
            + done.status().state().name().toLowerCase(Locale.ROOT)
            + (done.status().message() == null ? "" : ": " + done.status().message()));
    err.println("  see 'zkdr job describe " + done.id() + "' for its attempts and parameters");
    err.flush();
    return ExitCode.JOB_FAILED.code();
  }

  private static String took(java.time.Duration d) {
    String h = Times.human(d);
    return h == null ? "under 1s" : h;
  }

  private static Table resultTable(Job j, Instant now) {
    Table t = new Table("FIELD", "VALUE");
    t.row("job", j.id());
    t.row("state", j.status().state());
    t.row(
        "took",
        j.createdAt() == null || j.status().updatedAt() == null
            ? ""
            : took(java.time.Duration.between(j.createdAt(), j.status().updatedAt())));
    if (j.status().message() != null) {
      t.row("message", j.status().message());
    }
    for (Map.Entry<String, String> e : new TreeMap<>(j.status().result()).entrySet()) {
      t.row(e.getKey(), e.getValue());
    }
    t.row("finished", Times.withRelative(j.status().updatedAt(), now));
    return t;
  }
}
