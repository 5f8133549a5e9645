package io.zkdr.model;

import java.time.Instant;

/**
 * One mutating request and its outcome.
 *
 * @param index the Raft log index of the command; orders and identifies entries
 * @param at when the request was accepted
 * @param actor who asked
 * @param action command type
 * @param target entity the command addressed
 * @param outcome {@code OK} or the rejection code
 * @param message rejection message, null on success
 */
public record AuditEntry(
    long index,
    Instant at,
    String actor,
    String action,
    String target,
    String outcome,
    String message) {}
