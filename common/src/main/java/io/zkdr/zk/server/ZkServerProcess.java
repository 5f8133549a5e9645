package io.zkdr.zk.server;

import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.admin.ServerStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ZooKeeper server ({@code QuorumPeerMain}) running as a child process of this JVM, with its
 * output in {@code <memberDir>/server.log}.
 *
 * <p>Not thread-safe: one owner starts and stops it.
 */
public final class ZkServerProcess implements AutoCloseable {

  /** Name of the server's log file inside the member dir. */
  public static final String LOG_FILE = "server.log";

  private static final String MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(1000);

  private final ZkMember member;
  private final List<ZkMember> ensemble;
  private final ZkServerSettings settings;
  private Process process;

  /**
   * A server for {@code member} of {@code ensemble}; nothing runs until {@link #start()}.
   *
   * @param ensemble every member of the ensemble, including {@code member}
   */
  public ZkServerProcess(ZkMember member, List<ZkMember> ensemble, ZkServerSettings settings) {
    this.member = member;
    this.ensemble = List.copyOf(ensemble);
    this.settings = settings;
  }

  public ZkMember member() {
    return member;
  }

  public Path logFile() {
    return member.memberDir().resolve(LOG_FILE);
  }

  /** Writes the config and {@code myid} (again) and starts the server JVM. */
  public synchronized void start() throws IOException {
    if (isAlive()) {
      throw new IllegalStateException("server " + member.myid() + " is already running");
    }
    Path cfg = ZkConfigFile.write(member, ensemble, settings);
    Path logbackConfig = writeLogbackConfig();
    List<String> command = command(cfg, logbackConfig);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(member.memberDir().toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    process = pb.start();
  }

  List<String> command(Path cfg, Path logbackConfig) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + settings.maxHeapMb() + "m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.net.preferIPv4Stack=true");
    cmd.add("-Dlogback.configurationFile=" + logbackConfig.toAbsolutePath());
    cmd.add("-Dzookeeper.digest.enabled=true");
    cmd.add("-Dzookeeper.snapCount=" + settings.snapCount());
    cmd.add("-Dzookeeper.preAllocSize=" + settings.preAllocSizeKb());
    if (settings.txnLogSizeLimitKb() > 0) {
      cmd.add("-Dzookeeper.txnLogSizeLimitInKb=" + settings.txnLogSizeLimitKb());
    }
    cmd.add(
        "-Dzookeeper.snapshot.compression.method=" + settings.snapshotCompression().methodName());
    cmd.add("-Djute.maxbuffer=" + settings.juteMaxBuffer());
    cmd.add("-Dzookeeper.admin.enableServer=" + settings.adminServerEnabled());
    cmd.add("-Dzookeeper.4lw.commands.whitelist=*");
    cmd.addAll(settings.extraJvmArgs());
    cmd.add("-cp");
    cmd.add(settings.effectiveClasspath());
    cmd.add(MAIN_CLASS);
    cmd.add(cfg.toAbsolutePath().toString());
    return cmd;
  }

  private Path writeLogbackConfig() throws IOException {
    Path file = member.memberDir().resolve("logback-server.xml");
    String xml =
        """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """;
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    return file;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The child's process id, or -1 when not started. */
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * Waits until the server answers {@code srvr} with a serving mode (leader, follower, observer,
   * standalone).
   *
   * @throws IOException if the process exits or the timeout passes, with the tail of its log
   */
  public ServerStatus waitUntilServing(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IOException(
            "server "
                + member.myid()
                + " ("
                + member.clientAddress()
                + ") exited before serving; log tail:\n"
                + logTail(30));
      }
      try {
        ServerStatus status = status();
        if (status.serving()) {
          return status;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IOException(
        "server "
            + member.myid()
            + " ("
            + member.clientAddress()
            + ") not serving after "
            + timeout
            + (last != null ? " (last probe: " + last.getMessage() + ")" : "")
            + "; log tail:\n"
            + logTail(30));
  }

  /** {@code srvr} of this server. */
  public ServerStatus status() throws IOException {
    return FourLetterWords.srvr(member.host(), member.clientPort(), PROBE_TIMEOUT);
  }

  /** Graceful stop (SIGTERM), escalating to SIGKILL after {@code grace}. */
  public synchronized void stop(Duration grace) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Immediate stop (SIGKILL), as a crash would. */
  public synchronized void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** The last {@code lines} lines of the server log (for error messages), from its last 32 KiB. */
  public String logTail(int lines) {
    try (RandomAccessFile log = new RandomAccessFile(logFile().toFile(), "r")) {
      long start = Math.max(0, log.length() - 32 * 1024);
      byte[] tail = new byte[(int) (log.length() - start)];
      log.seek(start);
      log.readFully(tail);
      String[] all = new String(tail, StandardCharsets.UTF_8).split("\n");
      return String.join(
          "\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Kills the server if it still runs. */
  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
