package io.zkdr.controller;

import io.zkdr.controller.config.ConfigException;
import io.zkdr.controller.config.ConfigLoader;
import io.zkdr.controller.config.ControllerConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one controller from a YAML file: {@code ControllerMain <config.yaml>}. */
public final class ControllerMain {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerMain.class);

  /**
   * The common pool's parallelism unless set on the command line. With one or two CPUs the JDK
   * sizes the pool to one, and then every asynchronous {@code CompletableFuture} stage without an
   * executor (Ratis has several on its log path) starts a new thread: on a two-core host that was a
   * few percent of all CPU under write load.
   */
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  private ControllerMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(
          COMMON_POOL_PARALLELISM,
          String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors())));
    }
    if (args.length != 1) {
      System.err.println("usage: ControllerMain <config.yaml>");
      System.exit(2);
    }
    ControllerConfig config;
    try {
      config = ConfigLoader.load(Path.of(args[0]));
    } catch (ConfigException e) {
      System.err.println("invalid configuration " + args[0] + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    Controller controller =
        Controller.start(
            config,
            fatal -> {
              LOG.error("fatal catalog error; exiting", fatal);
              Runtime.getRuntime().halt(70);
            });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  controller.close();
                  stopped.countDown();
                },
                "controller-shutdown"));
    stopped.await();
  }
}
