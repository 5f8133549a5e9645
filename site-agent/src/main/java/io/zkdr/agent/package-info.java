/**
 * The zkdr site agent: runs next to ZooKeeper servers at one site, registers with the controllers,
 * reports health, and carries out the jobs the controllers' leader schedules (capture, log
 * shipping, replication, verification, restore, prune).
 */
package io.zkdr.agent;
