package io.zkdr.cli;

import io.zkdr.cli.client.ControllerAddresses;
import io.zkdr.cli.client.ControllerClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the controllers. It carries {@code --controller} and {@code
 * --request-timeout}, builds the client, and runs {@link #run(ControllerClient)}.
 */
public abstract class ControllerCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  @Option(
      names = {"-c", "--controller"},
      paramLabel = "URL[,URL...]",
      description =
          "Controller addresses, tried in order (default: $ZKDR_CONTROLLER, else 'controllers' in "
              + ControllerAddresses.DEFAULT_CONFIG_HINT
              + ").")
  String controller;

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "How long to wait for one controller's answer (default: ${DEFAULT-VALUE}).")
  int requestTimeoutSeconds;

  private ControllerClient client;

  @Override
  public final Integer call() {
    return run(client());
  }

  /** Runs the command; returns the exit status. */
  protected abstract int run(ControllerClient client);

  /** The client for the configured controllers (built once). */
  protected ControllerClient client() {
    if (client == null) {
      client =
          new ControllerClient(
              ControllerAddresses.resolve(controller),
              Duration.ofSeconds(3),
              Duration.ofSeconds(Math.max(1, requestTimeoutSeconds)));
    }
    return client;
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
