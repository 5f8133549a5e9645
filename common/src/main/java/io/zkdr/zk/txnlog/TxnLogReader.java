package io.zkdr.zk.txnlog;

import io.zkdr.zk.Zxid;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import org.apache.zookeeper.server.TxnLogEntry;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.server.util.SerializeUtils;

/**
 * Streams records out of ZooKeeper's transaction-log format, from a file or any other stream, and
 * knows the byte offset of each record.
 *
 * <p>Format: header {@code {int "ZKLG", int 2, long dbid}}, then records {@code long Adler32 | int
 * len | byte[len] | byte 'B'}, the checksum covering the payload only. Files are preallocated with
 * zeros, so the log ends at the first record of length 0 (or at the end of the stream).
 *
 * <p>A record cut short is the normal state of the newest log of a running server (it is being
 * written). Opened with {@code liveTail = true}, the reader treats such a record as the end of the
 * data ({@link EndReason#PARTIAL_TAIL}); otherwise it is a {@link LogProblem.Kind#TRUNCATED_RECORD}
 * error.
 */
public final class TxnLogReader implements AutoCloseable {

  /** {@code "ZKLG"}. */
  public static final int MAGIC = FileTxnLog.TXNLOG_MAGIC;

  public static final int VERSION = FileTxnLog.VERSION;

  /** Larger lengths are corruption: ZooKeeper refuses requests far below this. */
  static final int MAX_RECORD_LENGTH = 256 * 1024 * 1024;

  /** Why {@link #next()} returned {@code null}. */
  public enum EndReason {
    /** Not at the end yet. */
    NONE,
    /** The stream ended at a record boundary. */
    END_OF_STREAM,
    /** A record of length zero: the preallocated, unwritten part of a log. */
    ZERO_RECORD,
    /** A record cut short at the end of a live log. */
    PARTIAL_TAIL
  }

  /** A record's frame before decoding. */
  public record Frame(long offset, long storedChecksum, byte[] bytes) {
    public boolean checksumMatches() {
      Adler32 crc = new Adler32();
      crc.update(bytes, 0, bytes.length);
      return crc.getValue() == storedChecksum;
    }
  }

  private final InputStream in;
  private final String source;
  private final boolean liveTail;
  private final long dbid;
  private long offset;
  private EndReason endReason = EndReason.NONE;
  private long lastZxid = -1;

  private TxnLogReader(InputStream in, String source, boolean liveTail) throws IOException {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    this.source = source;
    this.liveTail = liveTail;
    byte[] header = new byte[16];
    int n = readFully(header, 0, 16);
    if (n < 16) {
      throw new TxnLogFormatException(
          LogProblem.Kind.BAD_HEADER, source, 0, -1, "file header cut short (" + n + " bytes)");
    }
    int magic = intAt(header, 0);
    int version = intAt(header, 4);
    if (magic != MAGIC) {
      throw new TxnLogFormatException(
          LogProblem.Kind.BAD_HEADER,
          source,
          0,
          -1,
          "magic "
              + Integer.toHexString(magic)
              + " is not ZKLG ("
              + new String(header, 0, 4, StandardCharsets.ISO_8859_1)
              + ")");
    }
    if (version != VERSION) {
      throw new TxnLogFormatException(
          LogProblem.Kind.BAD_HEADER, source, 4, -1, "unsupported log version " + version);
    }
    this.dbid = longAt(header, 8);
    this.offset = 16;
  }

  /**
   * Opens a reader and consumes the file header.
   *
   * @param source names the stream in errors (file path, artifact section)
   * @param liveTail whether a record cut short at the end is the normal end of a live log
   * @throws TxnLogFormatException if the header is wrong
   */
  public static TxnLogReader open(InputStream in, String source, boolean liveTail)
      throws IOException {
    return new TxnLogReader(in, source, liveTail);
  }

  public long dbid() {
    return dbid;
  }

  public String source() {
    return source;
  }

  /** Bytes consumed so far: the offset of the next record. */
  public long offset() {
    return offset;
  }

  public EndReason endReason() {
    return endReason;
  }

  /**
   * The next record, checked and decoded, or {@code null} at the end of the data (see {@link
   * #endReason()}).
   *
   * @throws TxnLogFormatException on a bad checksum, a record that cannot be decoded, or a record
   *     cut short outside a live tail
   */
  public TxnLogRecord next() throws IOException {
    Frame frame = nextFrame();
    if (frame == null) {
      return null;
    }
    if (!frame.checksumMatches()) {
      throw new TxnLogFormatException(
          LogProblem.Kind.BAD_CRC,
          source,
          frame.offset(),
          -1,
          "checksum mismatch after zxid " + (lastZxid < 0 ? "(none)" : Zxid.hex(lastZxid)));
    }
    TxnLogRecord record = decode(frame, source);
    lastZxid = record.zxid();
    return record;
  }

  /**
   * The next record's frame without checking its checksum or decoding it, or {@code null} at the
   * end of the data. A validator uses this to go on past a bad record.
   */
  public Frame nextFrame() throws IOException {
    if (endReason != EndReason.NONE) {
      return null;
    }
    long start = offset;
    byte[] head = new byte[12];
    int n = readFully(head, 0, 12);
    if (n == 0) {
      endReason = EndReason.END_OF_STREAM;
      return null;
    }
    if (n < 12) {
      return truncated(start, "record header cut short (" + n + " of 12 bytes)");
    }
    long checksum = longAt(head, 0);
    int len = intAt(head, 8);
    if (len == 0) {
      if (checksum != 0) {
        return truncated(start, "checksum written but length zero");
      }
      endReason = EndReason.ZERO_RECORD;
      return null;
    }
    if (len < 0 || len > MAX_RECORD_LENGTH) {
      throw new TxnLogFormatException(
          LogProblem.Kind.BAD_LENGTH, source, start, -1, "record length " + len);
    }
    byte[] bytes = new byte[len];
    n = readFully(bytes, 0, len);
    if (n < len) {
      return truncated(start, "record of " + len + " bytes cut short after " + n);
    }
    int eor = in.read();
    if (eor < 0) {
      return truncated(start, "end-of-record byte missing");
    }
    offset += 1;
    if (eor != 'B') {
      if (eor == 0 && liveTail) {
        // The payload reached the disk but the end marker not yet: a write in progress.
        endReason = EndReason.PARTIAL_TAIL;
        return null;
      }
      throw new TxnLogFormatException(
          LogProblem.Kind.BAD_END_OF_RECORD,
          source,
          start,
          -1,
          "end-of-record byte is 0x" + Integer.toHexString(eor) + ", not 'B'");
    }
    return new Frame(start, checksum, bytes);
  }

  /**
   * Skips to {@code target}, a record boundary found by an earlier reader of the same file (used to
   * resume reading a growing log).
   *
   * @throws IOException if the stream ends before {@code target}
   */
  public void skipTo(long target) throws IOException {
    if (target < offset) {
      throw new IllegalArgumentException(
          "cannot skip back from " + offset + " to " + target + " in " + source);
    }
    while (offset < target) {
      long n = in.skip(target - offset);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new TxnLogFormatException(
              LogProblem.Kind.TRUNCATED_RECORD,
              source,
              offset,
              -1,
              "the log is shorter than the " + target + " bytes read before (truncated?)");
        }
        n = 1;
      }
      offset += n;
    }
  }

  /**
   * Reads the rest of the stream and reports whether it holds only zeros (the preallocated tail of
   * a log). Used after the end of data to find records hidden behind a zero record or a torn write.
   *
   * @return the offset of the first non-zero byte, or -1 if all remaining bytes are zero
   */
  public long firstNonZeroAfterEnd() throws IOException {
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        if (buf[i] != 0) {
          return offset + i;
        }
      }
      offset += n;
    }
    return -1;
  }

  /** Decodes a frame's payload with ZooKeeper's own deserializer. */
  public static TxnLogRecord decode(Frame frame, String source) throws TxnLogFormatException {
    TxnLogEntry entry;
    try {
      entry = SerializeUtils.deserializeTxn(frame.bytes());
    } catch (IOException | RuntimeException e) {
      String msg = String.valueOf(e.getMessage());
      LogProblem.Kind kind =
          msg.startsWith("Unsupported Txn")
              ? LogProblem.Kind.UNKNOWN_TXN_TYPE
              : LogProblem.Kind.UNDECODABLE_TXN;
      throw new TxnLogFormatException(kind, source, frame.offset(), -1, msg, e);
    }
    return new TxnLogRecord(
        frame.offset(), frame.bytes(), entry.getHeader(), entry.getTxn(), entry.getDigest());
  }

  private Frame truncated(long start, String what) throws TxnLogFormatException {
    if (liveTail) {
      endReason = EndReason.PARTIAL_TAIL;
      return null;
    }
    throw new TxnLogFormatException(LogProblem.Kind.TRUNCATED_RECORD, source, start, -1, what);
  }

  private int readFully(byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = in.read(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    offset += total;
    return total;
  }

  private static int intAt(byte[] b, int i) {
    return ((b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  private static long longAt(byte[] b, int i) {
    return ((long) intAt(b, i) << 32) | (intAt(b, i + 4) & 0xffffffffL);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
