/** {@code CAPTURE_FULL}: a FULL artifact from the most up-to-date member's data dir. */
package io.zkdr.agent.capture;
