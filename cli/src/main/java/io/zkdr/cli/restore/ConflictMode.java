package io.zkdr.cli.restore;

/** What a restore into a running ensemble does with a znode that exists already. */
public enum ConflictMode {
  /** Stop before writing anything. */
  fail,
  /** Keep the existing znode. */
  skip,
  /** Replace its data with the backup's. */
  overwrite
}
