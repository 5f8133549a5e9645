package io.zkdr.model;

import java.time.Instant;

/**
 * One verification of a backup.
 *
 * @param at when it ran
 * @param region the copy that was checked
 * @param passed whether every check passed
 * @param detail what was checked, or what failed
 */
public record VerificationResult(Instant at, String region, boolean passed, String detail) {}
