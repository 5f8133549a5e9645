/** The site agent: captures, ships, replicates, verifies and restores backups at one site. */
package io.zkdr.agent;
