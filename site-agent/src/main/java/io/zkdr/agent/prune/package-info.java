/** {@code PRUNE}: deletes an artifact that retention released from one region's store. */
package io.zkdr.agent.prune;
