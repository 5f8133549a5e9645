package io.zkdr.agent.member;

import io.zkdr.agent.config.MemberConfig;
import java.io.IOException;
import java.time.Duration;

/**
 * Stops and starts one ZooKeeper server. Two implementations: the agent's own child process
 * (managed mode, tests and the demo) and configured commands (external mode, e.g. systemd).
 */
public interface MemberControl extends AutoCloseable {

  /** The member this controls. */
  MemberConfig member();

  /** Starts the server (no-op when running) and returns once the process is up. */
  void start() throws IOException, InterruptedException;

  /** Stops the server and returns once its process is gone (no-op when stopped). */
  void stop(Duration grace) throws IOException, InterruptedException;

  /** Whether the server process runs (managed) or its client port answers {@code ruok}. */
  boolean isRunning();

  /** Stops nothing in external mode; in managed mode stops the child process. */
  @Override
  void close();
}
