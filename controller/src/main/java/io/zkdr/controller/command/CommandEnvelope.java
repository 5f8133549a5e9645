package io.zkdr.controller.command;

import java.time.Instant;

/**
 * What goes into the Raft log: a command with the version of its encoding, who asked and when. The
 * submitting controller stamps {@code at}; applying never reads a clock.
 *
 * @param v encoding version, {@link #VERSION}
 * @param actor who asked (API principal or {@code system:<service>})
 * @param at when the request was accepted
 * @param command the change
 */
public record CommandEnvelope(int v, String actor, Instant at, Command command) {
  /** The only encoding version this controller writes and applies. */
  public static final int VERSION = 1;

  /** An envelope of the current version. */
  public static CommandEnvelope of(String actor, Instant at, Command command) {
    return new CommandEnvelope(VERSION, actor, at, command);
  }
}
