package io.zkdr.controller.service;

import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.Command;
import io.zkdr.controller.command.CommandEnvelope;
import io.zkdr.controller.raft.RaftNode;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Submits a service's commands, stamped with the service name and the time, and waits. */
final class CommandSubmitter {
  private final RaftNode raft;
  private final Clock clock;
  private final String actor;

  CommandSubmitter(RaftNode raft, Clock clock, String service) {
    this.raft = raft;
    this.clock = clock;
    this.actor = "system:" + service;
  }

  /**
   * Submits and waits for the catalog's answer.
   *
   * @throws InterruptedException when the service is being stopped
   */
  ApplyResult submit(Command command) throws InterruptedException {
    try {
      return raft.submit(CommandEnvelope.of(actor, clock.instant(), command))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          actor + " could not submit " + command.target(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(actor + " timed out submitting " + command.target(), e);
    }
  }
}
