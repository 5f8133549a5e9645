package io.zkdr.zk.txnlog;

import org.apache.jute.Record;
import org.apache.zookeeper.txn.TxnDigest;
import org.apache.zookeeper.txn.TxnHeader;

/**
 * One decoded transaction-log record.
 *
 * @param offset byte offset of the record (its checksum) in the stream
 * @param bytes the record's payload as stored: header, txn and optional digest; what the checksum
 *     covers and what a writer copies verbatim
 * @param header the txn header (zxid, time, type, session)
 * @param txn the txn body; {@code null} for types without one
 * @param digest the tree digest after this txn, when the leader recorded one
 */
public record TxnLogRecord(
    long offset, byte[] bytes, TxnHeader header, Record txn, TxnDigest digest) {

  public long zxid() {
    return header.getZxid();
  }

  public long time() {
    return header.getTime();
  }

  public int type() {
    return header.getType();
  }

  /** Bytes this record occupies in a log: checksum, length, payload, end-of-record byte. */
  public int encodedLength() {
    return 8 + 4 + bytes.length + 1;
  }
}
