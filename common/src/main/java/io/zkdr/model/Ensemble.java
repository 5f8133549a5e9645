package io.zkdr.model;

/**
 * One ZooKeeper cluster, by name.
 *
 * @param name ensemble name, e.g. {@code payments-zk}
 * @param spec declared shape and policy
 * @param status recorded state
 */
public record Ensemble(String name, EnsembleSpec spec, EnsembleStatus status) {}
