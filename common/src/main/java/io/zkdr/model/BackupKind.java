package io.zkdr.model;

/** Kind of backup artifact. */
public enum BackupKind {
  /** A consistent data tree at one zxid. */
  FULL,
  /** A contiguous range of transactions {@code (fromZxid, toZxid]}. */
  INCREMENTAL
}
