/** Stopping, starting and probing the ZooKeeper servers an agent manages. */
package io.zkdr.agent.member;
