package io.zkdr.model;

import java.time.Instant;

/**
 * One run of a disaster drill scenario (S1..S5).
 *
 * @param id run id
 * @param ensemble ensemble drilled
 * @param scenario scenario name, {@code S1}..{@code S5}
 * @param startedAt start
 * @param finishedAt end, null while running
 * @param outcome phase
 * @param rtoMs measured recovery time, null until known
 * @param rpoMs measured data-loss window, null until known
 * @param score 0..100, null until known
 * @param report report text or location
 */
public record DrillRun(
    String id,
    String ensemble,
    String scenario,
    Instant startedAt,
    Instant finishedAt,
    DrillOutcome outcome,
    Long rtoMs,
    Long rpoMs,
    Integer score,
    String report) {}
