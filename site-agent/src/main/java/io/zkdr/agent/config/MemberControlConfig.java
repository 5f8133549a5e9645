package io.zkdr.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * How the agent stops and starts one ZooKeeper server.
 *
 * @param mode {@link Mode#MANAGED}: the agent runs {@code QuorumPeerMain} as its own child process
 *     from a generated config; {@link Mode#EXTERNAL}: the agent runs configured commands (e.g.
 *     {@code systemctl start zookeeper@1})
 * @param startCommand for EXTERNAL: argv that starts the server
 * @param stopCommand for EXTERNAL: argv that stops it (must return once the process is gone)
 * @param timeout how long a start or stop may take
 */
public record MemberControlConfig(
    Mode mode, List<String> startCommand, List<String> stopCommand, Duration timeout) {

  /** Who owns the server process. */
  public enum Mode {
    MANAGED,
    EXTERNAL
  }

  public MemberControlConfig {
    startCommand = startCommand == null ? List.of() : List.copyOf(startCommand);
    stopCommand = stopCommand == null ? List.of() : List.copyOf(stopCommand);
  }
}
