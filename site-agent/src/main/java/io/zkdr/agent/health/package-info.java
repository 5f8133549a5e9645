/**
 * Health of the ZooKeeper members an agent manages: {@code mntr} figures, process and {@code ruok},
 * disk usage, who leads; exported as gauges and summarised into each heartbeat.
 */
package io.zkdr.agent.health;
