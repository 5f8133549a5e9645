/**
 * {@code VERIFY}: checksums, load and digests of a backup chain against its manifests and the live
 * ensemble, and test restores into a scratch single-server ensemble.
 */
package io.zkdr.agent.verify;
