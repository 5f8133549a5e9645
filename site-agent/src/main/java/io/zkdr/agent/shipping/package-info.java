/**
 * Continuous log shipping: tails the live transaction log of an up-to-date member, cuts INCREMENTAL
 * artifacts, writes them into the home and replica regions' stores and records them.
 */
package io.zkdr.agent.shipping;
