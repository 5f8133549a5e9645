/**
 * {@code zkdr demo}: a three-region zkdr deployment (controllers, agents, a ZooKeeper ensemble,
 * file stores, a policy and a write load) run as child processes of the CLI, with a live summary
 * read from the catalog.
 */
package io.zkdr.cli.demo;
