package io.zkdr.cli.job;

import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.cli.output.Times;
import io.zkdr.model.Job;
import io.zkdr.model.JobState;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Blocks until a job ends ({@code --wait}), drawing a progress line on stderr when stdout is a
 * terminal.
 */
public final class JobWaiter {
  private static final Duration POLL = Duration.ofMillis(500);

  private final ControllerClient client;
  private final boolean drawProgress;
  private final PrintStream progressOut;

  public JobWaiter(ControllerClient client, boolean drawProgress, PrintStream progressOut) {
    this.client = client;
    this.drawProgress = drawProgress;
    this.progressOut = progressOut;
  }

  /** A waiter that draws progress only when the process has a terminal. */
  public static JobWaiter forTerminal(ControllerClient client) {
    return new JobWaiter(client, System.console() != null, System.err);
  }

  /**
   * Polls the job until it is {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}.
   *
   * @return the job in its final state
   */
  public Job await(String jobId) {
    Instant started = Instant.now();
    String lastLine = "";
    while (true) {
      Job job =
          client.convert(
              client.get(
                  "/v1/jobs/" + ControllerClient.encode(jobId) + "?consistency=linearizable"),
              Job.class);
      if (isFinal(job.status().state())) {
        if (drawProgress && !lastLine.isEmpty()) {
          progressOut.print("\r" + " ".repeat(lastLine.length()) + "\r");
          progressOut.flush();
        }
        return job;
      }
      if (drawProgress) {
        String line = progressLine(job, Duration.between(started, Instant.now()));
        progressOut.print("\r" + line + pad(lastLine.length() - line.length()));
        progressOut.flush();
        lastLine = line;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(
            ExitCode.FAILED,
            "interrupted while waiting for job " + jobId,
            "the job goes on; follow it with 'zkdr job describe " + jobId + "'",
            e);
      }
    }
  }

  static boolean isFinal(JobState s) {
    return s == JobState.SUCCEEDED || s == JobState.FAILED || s == JobState.CANCELLED;
  }

  static String progressLine(Job job, Duration waited) {
    StringBuilder sb = new StringBuilder();
    sb.append(job.id()).append(": ").append(job.status().state());
    if (job.status().agentId() != null) {
      sb.append(" on ").append(job.status().agentId());
    }
    if (job.status().attempts() > 1) {
      sb.append(" (attempt ").append(job.status().attempts()).append(')');
    }
    if (job.status().progress() != null) {
      sb.append(" - ").append(job.status().progress());
    }
    String w = Times.human(waited);
    sb.append(" [").append(w == null ? "0s" : w).append(']');
    return sb.length() > 150 ? sb.substring(0, 149) + "…" : sb.toString();
  }

  private static String pad(int n) {
    return n > 0 ? " ".repeat(n) : "";
  }
}
