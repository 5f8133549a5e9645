package io.zkdr.zk.snapshot;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.OutputArchive;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;
import org.apache.zookeeper.server.persistence.FileHeader;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Serializes a {@link DataTree} into ZooKeeper's snapshot format: header, sessions, tree, seal,
 * digest record, seal, last processed zxid, seal — the bytes {@code FileSnap.serialize} writes.
 *
 * <p>The restore variant ({@link #writeWithoutEphemerals}) leaves out sessions and every znode a
 * session owns, without touching the tree: the parents keep their {@code cversion} and {@code
 * pzxid} (so their {@code numChildren} is simply smaller). Because the tree then differs from the
 * digest the source recorded, it writes an empty digest record; a server loading it computes its
 * digest afresh.
 */
public final class SnapshotWriter {

  private static final int VERSION = 2;
  private static final int DIGEST_VERSION = 2;

  /**
   * What was written.
   *
   * @param nodes znodes written; -1 when ZooKeeper's own serializer wrote the whole tree
   * @param ephemeralsLeftOut ephemeral znodes left out
   * @param bytes uncompressed bytes written
   */
  public record Written(long nodes, long ephemeralsLeftOut, long bytes) {}

  /**
   * A snapshot file written.
   *
   * @param path the file
   * @param written what went into it
   */
  public record WrittenFile(Path path, Written written) {}

  private SnapshotWriter() {}

  /** Writes the whole tree and sessions, exactly as {@code FileSnap} would. */
  public static Written write(DataTree dt, Map<Long, Integer> sessions, long dbid, OutputStream out)
      throws IOException {
    return write(dt, sessions, dbid, out, false);
  }

  /** Writes the tree without sessions and ephemeral znodes (what a restore needs). */
  public static Written writeWithoutEphemerals(DataTree dt, long dbid, OutputStream out)
      throws IOException {
    return write(dt, Map.of(), dbid, out, true);
  }

  private static Written write(
      DataTree dt, Map<Long, Integer> sessions, long dbid, OutputStream out, boolean restore)
      throws IOException {
    CountingOutputStream counting = new CountingOutputStream(out);
    CheckedOutputStream checked = new CheckedOutputStream(counting, new Adler32());
    BufferedOutputStream buffered = new BufferedOutputStream(checked, 1 << 16);
    OutputArchive oa = BinaryOutputArchive.getArchive(buffered);
    new FileHeader(FileSnap.SNAP_MAGIC, VERSION, dbid).serialize(oa, "fileheader");
    long[] counts = new long[2];
    if (restore) {
      oa.writeInt(0, "count");
      dt.serializeAcls(oa);
      walk(dt, oa, new StringBuilder(), counts);
      oa.writeString("/", "path");
    } else {
      SerializeUtils.serializeSnapshot(dt, oa, sessions);
      counts[0] = -1;
    }
    seal(buffered, checked, oa);
    if (restore) {
      if (counts[1] > 0) {
        oa.writeLong(0, "zxid");
        oa.writeInt(DIGEST_VERSION, "digestVersion");
        oa.writeLong(0, "digest");
      } else {
        dt.serializeZxidDigest(oa);
      }
      seal(buffered, checked, oa);
      oa.writeLong(dt.lastProcessedZxid, "lastZxid");
      seal(buffered, checked, oa);
    } else {
      // the same optional records, under the same switches, as FileSnap.serialize
      if (dt.serializeZxidDigest(oa)) {
        seal(buffered, checked, oa);
      }
      if (dt.serializeLastProcessedZxid(oa)) {
        seal(buffered, checked, oa);
      }
    }
    buffered.flush();
    return new Written(counts[0], counts[1], counting.count);
  }

  /** Pre-order walk, as {@code DataTree.serializeNode}, leaving out ephemeral znodes. */
  private static void walk(DataTree dt, OutputArchive oa, StringBuilder path, long[] counts)
      throws IOException {
    String p = path.toString();
    DataNode node = dt.getNode(p);
    if (node == null) {
      return;
    }
    if (EphemeralType.get(node.stat.getEphemeralOwner()) == EphemeralType.NORMAL) {
      counts[1]++; // ephemerals cannot have children: nothing below is lost
      return;
    }
    String[] children;
    synchronized (node) {
      children = node.getChildren().toArray(new String[0]);
    }
    dt.serializeNodeData(oa, p, node);
    counts[0]++;
    path.append('/');
    int off = path.length();
    for (String child : children) {
      path.setLength(off);
      path.append(child);
      walk(dt, oa, path, counts);
    }
  }

  private static void seal(
      BufferedOutputStream buffered, CheckedOutputStream checked, OutputArchive oa)
      throws IOException {
    buffered.flush(); // the checksum must cover everything written so far
    SnapStream.sealStream(checked, oa);
  }

  /**
   * Writes {@code snapshot.<lastProcessedZxid>[suffix]} into {@code dir} atomically (temporary
   * file, fsync, rename) and returns its path.
   */
  public static WrittenFile writeFile(
      Path dir,
      DataTree dt,
      Map<Long, Integer> sessions,
      long dbid,
      SnapshotCompression compression,
      boolean withoutEphemerals)
      throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(SnapshotFile.fileName(dt.lastProcessedZxid, compression));
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    Written written;
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      // closing the compressor finishes its stream but must leave the channel open for force()
      OutputStream file =
          new FilterOutputStream(Channels.newOutputStream(ch)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
              flush();
            }
          };
      try (OutputStream compressed =
          switch (compression) {
            case NONE -> file;
            case GZ -> new GZIPOutputStream(file, 1 << 16);
            case SNAPPY -> new SnappyOutputStream(file);
          }) {
        written =
            withoutEphemerals
                ? writeWithoutEphemerals(dt, dbid, compressed)
                : write(dt, sessions, dbid, compressed);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot write snapshot " + target + ": " + e.getMessage(), e);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new WrittenFile(target, written);
  }

  private static final class CountingOutputStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
