package io.zkdr.controller.config;

/**
 * One controller of the group.
 *
 * @param id peer id (also the Raft peer id)
 * @param region the region it runs in
 * @param raft Raft (gRPC) address
 * @param http HTTP API address
 */
public record PeerConfig(String id, String region, HostPort raft, HostPort http) {}
