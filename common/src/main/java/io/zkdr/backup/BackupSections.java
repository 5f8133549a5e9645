package io.zkdr.backup;

/** Names and formats of the sections zkdr writes into backup artifacts. */
public final class BackupSections {

  /** FULL artifacts: the snapshot file's decompressed bytes, exactly as the server wrote them. */
  public static final String SNAPSHOT = "snapshot";

  public static final String SNAPSHOT_FORMAT = "zk-snapshot";

  /** FULL and INCREMENTAL artifacts: transactions in ZooKeeper's txn-log format. */
  public static final String TXNLOG = "txnlog";

  public static final String TXNLOG_FORMAT = "zk-txnlog";

  private BackupSections() {}
}
