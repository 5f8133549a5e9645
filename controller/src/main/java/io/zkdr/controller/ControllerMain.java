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

  private ControllerMain() {}

  public static void main(String[] args) throws Exception {
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
