package io.zkdr.controller.command;

import java.util.List;

/**
 * One Raft log entry: commands that concurrent requests submitted together, applied in order in one
 * write batch. Grouping many small commands into one entry is what lets the log keep up with many
 * concurrent writers.
 *
 * @param commands the commands, in apply order
 */
public record CommandBatch(List<CommandEnvelope> commands) {}
