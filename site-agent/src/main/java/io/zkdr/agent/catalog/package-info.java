/** The agent's client of the controllers: registration, heartbeats, job leases, backup records. */
package io.zkdr.agent.catalog;
