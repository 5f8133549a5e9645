/**
 * A JSON client of the controllers' HTTP API, shared by the site agent and the CLI: any controller
 * serves every request, so the client moves on to the next address when one is down or has no
 * quorum.
 */
package io.zkdr.client;
