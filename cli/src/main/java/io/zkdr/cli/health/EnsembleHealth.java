package io.zkdr.cli.health;

import io.zkdr.model.HealthStatus;
import java.util.List;

/**
 * An ensemble's health as the agents' heartbeats show it.
 *
 * @param ensemble ensemble name
 * @param status HEALTHY (all members up, a leader), DEGRADED (a quorum up with a leader), UNHEALTHY
 *     (no quorum or no leader), UNKNOWN (no agent reports it)
 * @param leader the leader's myid as reported, or null
 * @param membersUp members reported up
 * @param members members declared in the catalog
 * @param shippingLagSeconds log shipping lag, or null when not reported
 * @param readings what was reported per member, by myid
 */
public record EnsembleHealth(
    String ensemble,
    HealthStatus status,
    String leader,
    int membersUp,
    int members,
    Double shippingLagSeconds,
    List<MemberReading> readings) {}
