/** The controller: the Raft-replicated global catalog, its HTTP API and the leader's services. */
package io.zkdr.controller;
