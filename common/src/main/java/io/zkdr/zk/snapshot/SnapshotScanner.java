package io.zkdr.zk.snapshot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.Index;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.StatPersisted;
import org.apache.zookeeper.server.EphemeralType;
import org.apache.zookeeper.server.persistence.FileHeader;
import org.apache.zookeeper.server.persistence.FileSnap;

/**
 * Walks a (decompressed) snapshot stream without building a tree: header, sessions, ACL cache,
 * znodes, seal, digest record, last processed zxid and their seals. Optionally copies every byte it
 * reads to a sink, so a capture can store the raw snapshot while learning its figures in one pass.
 *
 * <p>Memory use is bounded by the largest znode.
 */
public final class SnapshotScanner {

  /** Largest single buffer accepted: ZooKeeper itself refuses far smaller ones. */
  static final int MAX_BUFFER = 256 * 1024 * 1024;

  private SnapshotScanner() {}

  /** Scans {@code in} to its end. */
  public static SnapshotSummary scan(InputStream in, String source) throws IOException {
    return scan(in, source, null);
  }

  /**
   * Scans {@code in} to its end, writing every byte read to {@code copyTo} (when not null).
   *
   * @throws SnapshotFormatException on a wrong header, a bad seal or a stream cut short
   */
  public static SnapshotSummary scan(InputStream in, String source, OutputStream copyTo)
      throws IOException {
    CountingTeeInputStream counting = new CountingTeeInputStream(in, copyTo);
    CheckedInputStream checked = new CheckedInputStream(counting, new Adler32());
    BinaryInputArchive ia = new BinaryInputArchive(new DataInputStream(checked), MAX_BUFFER, 0);
    try {
      FileHeader header = new FileHeader();
      header.deserialize(ia, "fileheader");
      if (header.getMagic() != FileSnap.SNAP_MAGIC) {
        throw new SnapshotFormatException(
            source, 0, "magic " + Integer.toHexString(header.getMagic()) + " is not ZKSN");
      }
      int sessions = ia.readInt("count");
      if (sessions < 0) {
        throw new SnapshotFormatException(source, counting.count(), "session count " + sessions);
      }
      for (int i = 0; i < sessions; i++) {
        ia.readLong("id");
        ia.readInt("timeout");
      }
      int aclEntries = ia.readInt("map");
      for (int i = 0; i < aclEntries; i++) {
        ia.readLong("long");
        Index acls = ia.startVector("acls");
        if (acls == null) {
          throw new SnapshotFormatException(source, counting.count(), "ACL vector missing");
        }
        while (!acls.done()) {
          new ACL().deserialize(ia, "acl");
          acls.incr();
        }
      }
      long nodes = 0;
      long dataBytes = 0;
      long ephemerals = 0;
      StatPersisted stat = new StatPersisted();
      String path = ia.readString("path");
      while (!"/".equals(path)) {
        if (path == null) {
          throw new SnapshotFormatException(source, counting.count(), "null znode path");
        }
        byte[] data = ia.readBuffer("data");
        ia.readLong("acl");
        stat.deserialize(ia, "statpersisted");
        nodes++;
        dataBytes += data == null ? 0 : data.length;
        if (EphemeralType.get(stat.getEphemeralOwner()) == EphemeralType.NORMAL) {
          ephemerals++;
        }
        path = ia.readString("path");
      }
      checkSeal(checked, counting, ia, source, "tree");

      long digestZxid = -1;
      int digestVersion = -1;
      long digest = 0;
      long lastProcessed = -1;
      // Both optional records start with a long; a digest record continues with its (non-zero)
      // version, the last-zxid record with its seal, whose high half is zero (Adler32 is 32 bits).
      Long first = readLongOrEnd(ia, counting);
      if (first != null) {
        long crcAfterFirst = checked.getChecksum().getValue();
        int next = ia.readInt("digestVersion");
        if (next != 0) {
          digestVersion = next;
          digest = next < 2 ? Long.parseLong(ia.readString("digest"), 16) : ia.readLong("digest");
          digestZxid = first > 0 ? first : -1;
          checkSeal(checked, counting, ia, source, "digest");
          Long last = readLongOrEnd(ia, counting);
          if (last != null) {
            lastProcessed = last;
            checkSeal(checked, counting, ia, source, "last zxid");
          }
        } else {
          lastProcessed = first;
          long seal = ia.readInt("seal") & 0xffffffffL;
          ia.readString("path");
          if (seal != crcAfterFirst) {
            throw new SnapshotFormatException(
                source,
                counting.count(),
                "seal after the last zxid does not match (CRC corruption)");
          }
        }
      }
      long length = counting.count();
      byte[] rest = new byte[8192];
      while (checked.read(rest) >= 0) {
        // trailing bytes are copied too, so a stored copy equals the original
      }
      if (counting.count() != length) {
        throw new SnapshotFormatException(
            source, length, (counting.count() - length) + " unexpected bytes after the snapshot");
      }
      return new SnapshotSummary(
          header.getDbid(),
          sessions,
          aclEntries,
          nodes,
          dataBytes,
          ephemerals,
          digestZxid,
          digestVersion,
          digest,
          lastProcessed,
          length);
    } catch (EOFException e) {
      throw new SnapshotFormatException(source, counting.count(), "stream cut short", e);
    } catch (SnapshotFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SnapshotFormatException(source, counting.count(), e.toString(), e);
    }
  }

  /** The next long, or null when the stream ends cleanly before it. */
  private static Long readLongOrEnd(BinaryInputArchive ia, CountingTeeInputStream counting)
      throws IOException {
    long before = counting.count();
    try {
      return ia.readLong("long");
    } catch (EOFException e) {
      if (counting.count() != before) {
        throw e;
      }
      return null;
    }
  }

  private static void checkSeal(
      CheckedInputStream checked,
      CountingTeeInputStream counting,
      BinaryInputArchive ia,
      String source,
      String after)
      throws IOException {
    long expected = checked.getChecksum().getValue();
    long offset = counting.count();
    long seal = ia.readLong("val");
    String slash = ia.readString("path");
    if (seal != expected || !"/".equals(slash)) {
      throw new SnapshotFormatException(
          source, offset, "seal after the " + after + " does not match (CRC corruption)");
    }
  }
}
