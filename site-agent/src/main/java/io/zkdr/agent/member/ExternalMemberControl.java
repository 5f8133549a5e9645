package io.zkdr.agent.member;

import io.zkdr.agent.config.MemberConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts a member the agent does not own (a systemd unit, a container) by running the
 * configured argv, then waits until the client port answers (start) or stops answering (stop), all
 * within the member's {@code control.timeoutSeconds}.
 */
public final class ExternalMemberControl implements MemberControl {
  private static final Duration PROBE = Duration.ofMillis(500);
  private final MemberConfig member;
  private final Path outputDir;

  /**
   * @param member the member and its commands
   * @param outputDir where each command's output goes ({@code start.log}, {@code stop.log})
   */
  public ExternalMemberControl(MemberConfig member, Path outputDir) {
    this.member = member;
    this.outputDir = outputDir;
  }

  @Override
  public MemberConfig member() {
    return member;
  }

  @Override
  public void start() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + member.control().timeout().toNanos();
    run("start", member.control().startCommand(), deadline);
    awaitAnswering(true, deadline);
  }

  @Override
  public void stop(Duration grace) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + member.control().timeout().toNanos();
    run("stop", member.control().stopCommand(), deadline);
    awaitAnswering(false, deadline);
  }

  @Override
  public boolean isRunning() {
    return MemberProbe.answersRuok(member, PROBE);
  }

  @Override
  public void close() {
    // the member is not ours: it keeps running
  }

  private void run(String what, List<String> argv, long deadline)
      throws IOException, InterruptedException {
    Files.createDirectories(outputDir);
    Path log = outputDir.resolve(what + ".log");
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
        throw new IOException(
            what
                + " command "
                + argv
                + " of member "
                + member.myid()
                + " did not finish within "
                + member.control().timeout());
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            what
                + " command "
                + argv
                + " of member "
                + member.myid()
                + " exited with "
                + p.exitValue()
                + ": "
                + tail(log));
      }
    } finally {
      p.destroyForcibly();
    }
  }

  private void awaitAnswering(boolean answering, long deadline)
      throws IOException, InterruptedException {
    while (MemberProbe.answersRuok(member, PROBE) != answering) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "member "
                + member.myid()
                + " ("
                + member.host()
                + ":"
                + member.clientPort()
                + ") "
                + (answering ? "does not answer" : "still answers")
                + " ruok "
                + member.control().timeout()
                + " after its "
                + (answering ? "start" : "stop")
                + " command");
      }
      Thread.sleep(200);
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
