package io.zkdr.model;

/**
 * What the controllers record about an ensemble.
 *
 * @param failoverGeneration bumped on every failover; used to fence the old side
 * @param activeRegion the region serving it now
 */
public record EnsembleStatus(long failoverGeneration, String activeRegion) {}
