package io.zkdr.model;

/** Role of a ZooKeeper server in its ensemble. */
public enum MemberRole {
  PARTICIPANT,
  OBSERVER
}
