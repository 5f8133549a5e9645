package io.zkdr.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs the demo starts, each with its own log file. Closing stops them newest first (agents
 * before controllers, so an agent can stop its ZooKeeper members itself), then kills whatever is
 * left of them and of their descendants. A JVM shutdown hook closes the group too, so Ctrl-C and
 * SIGTERM leave no process behind.
 */
final class ChildProcesses implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(20);

  private final Path logDir;
  private final String classpath;
  private final Map<String, Process> children = new LinkedHashMap<>();
  private final Set<Long> seenPids = new LinkedHashSet<>();
  private final Thread shutdownHook;
  private boolean closed;

  /**
   * @param logDir where each child's {@code <name>.log} goes
   * @param classpath the children's class path (the CLI's own)
   */
  ChildProcesses(Path logDir, String classpath) throws IOException {
    this.logDir = Files.createDirectories(logDir);
    this.classpath = classpath;
    this.shutdownHook = new Thread(this::closeQuietly, "zkdr-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code java -cp <classpath> <mainClass> <args>} with its output in {@code <name>.log}.
   */
  synchronized Process start(String name, int heapMb, String mainClass, List<String> args)
      throws IOException {
    if (closed) {
      throw new IllegalStateException("the demo is stopping; not starting " + name);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Djava.net.preferIPv4Stack=true");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    Path log = logFile(name);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process p = pb.start();
    children.put(name, p);
    seenPids.add(p.pid());
    return p;
  }

  /** The log file of child {@code name}. */
  Path logFile(String name) {
    return logDir.resolve(name + ".log");
  }

  /** Names of the children that have exited, with their exit status. */
  synchronized Map<String, Integer> exited() {
    Map<String, Integer> out = new LinkedHashMap<>();
    children.forEach(
        (name, p) -> {
          if (!p.isAlive()) {
            out.put(name, p.exitValue());
          }
        });
    return out;
  }

  /**
   * Every process id the group has seen: its children and the descendants they had when last looked
   * at (an agent's ZooKeeper members).
   */
  synchronized Set<Long> seenPids() {
    refreshDescendants();
    return Set.copyOf(seenPids);
  }

  private void refreshDescendants() {
    for (Process p : children.values()) {
      p.descendants().forEach(d -> seenPids.add(d.pid()));
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: this is the hook itself running
    }
    stopAll();
  }

  private void closeQuietly() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopAll();
  }

  private void stopAll() {
    List<Map.Entry<String, Process>> order;
    synchronized (this) {
      refreshDescendants();
      order = new ArrayList<>(children.entrySet());
    }
    Collections.reverse(order);
    // Polite stop first, newest first; the descendants are collected before their parent goes.
    List<ProcessHandle> everything = new ArrayList<>();
    for (Map.Entry<String, Process> e : order) {
      Process p = e.getValue();
      List<ProcessHandle> descendants = p.descendants().toList();
      everything.addAll(descendants);
      everything.add(p.toHandle());
      p.destroy();
      waitFor(p.toHandle(), GRACE);
      descendants.forEach(ProcessHandle::destroy);
    }
    for (ProcessHandle h : everything) {
      if (!waitFor(h, Duration.ofSeconds(5))) {
        h.destroyForcibly();
        waitFor(h, Duration.ofSeconds(5));
      }
    }
    synchronized (this) {
      everything.forEach(h -> seenPids.add(h.pid()));
    }
  }

  private static boolean waitFor(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    } catch (Exception e) {
      return !h.isAlive();
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase().startsWith("windows") ? "NUL" : "/dev/null");
  }
}
