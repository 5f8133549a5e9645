/** Loopback ports for the servers zkdr starts on this host (scratch servers, demo, tests). */
package io.zkdr.net;
