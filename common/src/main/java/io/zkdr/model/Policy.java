package io.zkdr.model;

/**
 * A named backup policy.
 *
 * @param name policy name
 * @param spec its schedules and rules
 */
public record Policy(String name, PolicySpec spec) {}
