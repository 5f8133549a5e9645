package io.zkdr.model;

/**
 * A place inside a region where one agent runs next to ZooKeeper servers.
 *
 * @param name site name, unique across regions
 * @param region the region the site belongs to
 */
public record Site(String name, String region) {}
