/** The agent's Micrometer metrics (names and labels of {@code docs/metrics.md}). */
package io.zkdr.agent.metrics;
