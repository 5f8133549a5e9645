/** {@code REPLICATE}: copies an artifact into another region's store and records the copy. */
package io.zkdr.agent.replicate;
