package io.zkdr.artifact;

/** What an artifact holds. */
public enum ArtifactKind {
  /** A consistent data tree at one zxid: snapshot plus the log tail that makes it consistent. */
  FULL,
  /** A contiguous range of transactions {@code (fromZxid, toZxid]}. */
  INCREMENTAL
}
