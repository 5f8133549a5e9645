/**
 * Restores: finds the backup chain covering a target in one region's copies, checks its artifacts,
 * rebuilds the tree and puts it into the ensemble's stopped members, a running ensemble or a
 * scratch server.
 */
package io.zkdr.agent.restore;
