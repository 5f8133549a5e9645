package io.zkdr.zk.txnlog;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Adler32;
import org.apache.jute.Record;
import org.apache.zookeeper.server.persistence.Util;
import org.apache.zookeeper.txn.TxnDigest;
import org.apache.zookeeper.txn.TxnHeader;

/**
 * Writes ZooKeeper's transaction-log format to a stream: the same header and record framing as
 * {@code FileTxnLog}, without preallocation (the data ends at the end of the stream, which {@link
 * TxnLogReader} accepts). Used for log increments and artifact sections.
 */
public final class TxnLogWriter implements AutoCloseable {

  private final DataOutputStream out;
  private final Adler32 crc = new Adler32();
  private long bytesWritten;
  private long records;
  private long lastZxid = -1;

  private TxnLogWriter(OutputStream out, long dbid) throws IOException {
    this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    this.out.writeInt(TxnLogReader.MAGIC);
    this.out.writeInt(TxnLogReader.VERSION);
    this.out.writeLong(dbid);
    bytesWritten = 16;
  }

  /** Writes the file header for {@code dbid}; records follow with {@link #append}. */
  public static TxnLogWriter open(OutputStream out, long dbid) throws IOException {
    return new TxnLogWriter(out, dbid);
  }

  /** Copies a record verbatim (its payload is re-checksummed, so a copy is always well formed). */
  public void append(TxnLogRecord record) throws IOException {
    appendPayload(record.bytes());
    lastZxid = record.zxid();
  }

  /** Encodes and appends a txn the way ZooKeeper does. */
  public void append(TxnHeader header, Record txn, TxnDigest digest) throws IOException {
    appendPayload(Util.marshallTxnEntry(header, txn, digest));
    lastZxid = header.getZxid();
  }

  private void appendPayload(byte[] payload) throws IOException {
    if (payload.length == 0) {
      throw new IllegalArgumentException("an empty record would read as the end of the log");
    }
    crc.reset();
    crc.update(payload, 0, payload.length);
    out.writeLong(crc.getValue());
    out.writeInt(payload.length);
    out.write(payload);
    out.writeByte('B');
    bytesWritten += 13L + payload.length;
    records++;
  }

  /** Bytes written so far, header included. */
  public long bytesWritten() {
    return bytesWritten;
  }

  public long records() {
    return records;
  }

  /** zxid of the last record appended, or -1. */
  public long lastZxid() {
    return lastZxid;
  }

  /** Pushes buffered bytes to the underlying stream without closing it. */
  public void flush() throws IOException {
    out.flush();
  }

  /** Flushes and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    out.close();
  }
}
