package io.zkdr.agent;

import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.AgentConfigException;
import io.zkdr.agent.config.AgentConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp <site-agent classpath> io.zkdr.agent.AgentMain agent.yaml}: runs an agent until
 * SIGTERM (or SIGINT), then stops it cleanly. Exits with 2 on a missing or bad config file and 1
 * when the agent cannot start.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: AgentMain agent.yaml");
      System.exit(2);
    }
    AgentConfig config;
    try {
      config = AgentConfigLoader.load(Path.of(args[0]));
    } catch (AgentConfigException e) {
      System.err.println(args[0] + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    Agent agent;
    try {
      agent = Agent.start(config, List.of());
    } catch (Exception e) {
      System.err.println("the agent could not start: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "agent-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
