package io.zkdr.model;

import java.time.Instant;

/**
 * A site agent as the catalog knows it.
 *
 * @param id agent id, chosen by the agent and stable across restarts
 * @param site the site it runs in
 * @param region the site's region
 * @param version agent software version
 * @param registeredAt when it first registered
 * @param lastHeartbeat when it last reported
 * @param health what it last reported
 */
public record Agent(
    String id,
    String site,
    String region,
    String version,
    Instant registeredAt,
    Instant lastHeartbeat,
    AgentHealth health) {}
