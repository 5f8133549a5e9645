/** The agent's own HTTP endpoint: {@code /metrics}, {@code /health/live}, {@code /health/ready}. */
package io.zkdr.agent.http;
