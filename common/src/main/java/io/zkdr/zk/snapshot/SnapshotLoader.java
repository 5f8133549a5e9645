package io.zkdr.zk.snapshot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.apache.jute.BinaryInputArchive;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileHeader;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.apache.zookeeper.server.util.SerializeUtils;

/**
 * Loads a snapshot into a {@link DataTree} the way {@code FileSnap.deserialize} does (same calls,
 * same order), from a file or from any decompressed stream, verifying every seal.
 */
public final class SnapshotLoader {

  private SnapshotLoader() {}

  /** Loads a snapshot file (any compression). */
  public static LoadedSnapshot load(SnapshotFile file) throws IOException {
    try (InputStream in = file.openDecompressed()) {
      return load(in, file.path().toString(), file.startZxid());
    }
  }

  /**
   * Loads a decompressed snapshot stream.
   *
   * @param source names the stream in errors
   * @param startZxid the zxid the snapshot started at (its file name); the digest record is ignored
   *     when older, as ZooKeeper does
   * @throws SnapshotFormatException on a bad header, a broken seal or a stream cut short
   */
  public static LoadedSnapshot load(InputStream in, String source, long startZxid)
      throws IOException {
    CountingTeeInputStream counting = new CountingTeeInputStream(in, null);
    CheckedInputStream checked = new CheckedInputStream(counting, new Adler32());
    BinaryInputArchive ia =
        new BinaryInputArchive(new DataInputStream(checked), SnapshotScanner.MAX_BUFFER, 0);
    DataTree dt = new DataTree();
    Map<Long, Integer> sessions = new HashMap<>();
    long dbid;
    long recordedLast = -1;
    try {
      FileHeader header = new FileHeader();
      header.deserialize(ia, "fileheader");
      if (header.getMagic() != FileSnap.SNAP_MAGIC) {
        throw new SnapshotFormatException(
            source, 0, "magic " + Integer.toHexString(header.getMagic()) + " is not ZKSN");
      }
      dbid = header.getDbid();
      SerializeUtils.deserializeSnapshot(dt, ia, sessions);
      seal(checked, counting, ia, source);
      if (dt.deserializeZxidDigest(ia, startZxid)) {
        seal(checked, counting, ia, source);
      }
      if (dt.deserializeLastProcessedZxid(ia)) {
        recordedLast = dt.lastProcessedZxid;
        seal(checked, counting, ia, source);
      }
    } catch (EOFException e) {
      throw new SnapshotFormatException(source, counting.count(), "stream cut short", e);
    } catch (SnapshotFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SnapshotFormatException(source, counting.count(), e.toString(), e);
    }
    dt.lastProcessedZxid = startZxid;
    DataTree.ZxidDigest snapDigest = dt.getDigestFromLoadedSnapshot();
    long digestZxid = snapDigest == null ? -1 : snapDigest.getZxid();
    long digest = snapDigest == null ? 0 : snapDigest.getDigest();
    boolean midTxn = false;
    if (snapDigest != null && snapDigest.getZxid() == startZxid) {
      // ZooKeeper names a snapshot after the last txn it finished applying and records that txn's
      // digest, but it applies the next txn while it writes the tree: a tree that differs from its
      // digest holds part of that txn, and is consistent once the txn is replayed over it. The
      // seals have vouched for the bytes; replay checks the txns' digests from there on.
      midTxn = dt.getTreeDigest() != snapDigest.getDigest();
      dt.compareSnapshotDigests(startZxid);
    }
    return new LoadedSnapshot(
        dt, sessions, dbid, startZxid, digestZxid, digest, recordedLast, midTxn);
  }

  private static void seal(
      CheckedInputStream checked,
      CountingTeeInputStream counting,
      BinaryInputArchive ia,
      String source)
      throws IOException {
    long offset = counting.count();
    try {
      SnapStream.checkSealIntegrity(checked, ia);
    } catch (EOFException e) {
      throw e;
    } catch (IOException e) {
      throw new SnapshotFormatException(source, offset, "seal does not match (CRC corruption)", e);
    }
  }
}
