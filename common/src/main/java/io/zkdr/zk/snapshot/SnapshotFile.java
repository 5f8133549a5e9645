package io.zkdr.zk.snapshot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.xerial.snappy.SnappyInputStream;

/**
 * A {@code snapshot.<hex zxid>[.gz|.snappy]} file. The zxid in the name is where the (fuzzy)
 * snapshot started: the tree holds every txn up to it and possibly some after it.
 *
 * @param path the file
 * @param startZxid the zxid from the name
 * @param compression how the file is compressed, from its suffix
 */
public record SnapshotFile(Path path, long startZxid, SnapshotCompression compression) {

  public static final String PREFIX = "snapshot.";

  /** The snapshot file {@code path} names, or {@code null} when it is not a snapshot file name. */
  public static SnapshotFile of(Path path) {
    String name = path.getFileName().toString();
    if (!name.startsWith(PREFIX)) {
      return null;
    }
    SnapshotCompression compression = SnapshotCompression.ofFileName(name);
    String hex = name.substring(PREFIX.length(), name.length() - compression.fileSuffix().length());
    try {
      return new SnapshotFile(path, Long.parseUnsignedLong(hex, 16), compression);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The file name ZooKeeper gives a snapshot started at {@code zxid}. */
  public static String fileName(long zxid, SnapshotCompression compression) {
    return PREFIX + Long.toHexString(zxid) + compression.fileSuffix();
  }

  /** Every snapshot file directly in {@code dir}, newest (highest zxid) first. */
  public static List<SnapshotFile> list(Path dir) throws IOException {
    List<SnapshotFile> snaps = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(Files::isRegularFile)
          .map(SnapshotFile::of)
          .filter(f -> f != null)
          .forEach(snaps::add);
    }
    snaps.sort(Comparator.comparingLong(SnapshotFile::startZxid).reversed());
    return snaps;
  }

  /** Opens the file and undoes its compression: the stream yields the snapshot's jute bytes. */
  public InputStream openDecompressed() throws IOException {
    InputStream file = Files.newInputStream(path);
    try {
      return switch (compression) {
        case NONE -> new BufferedInputStream(file, 1 << 16);
        case GZ -> new BufferedInputStream(new GZIPInputStream(file, 1 << 16), 1 << 16);
        case SNAPPY -> new BufferedInputStream(new SnappyInputStream(file), 1 << 16);
      };
    } catch (IOException | RuntimeException e) {
      file.close();
      throw new IOException("cannot open snapshot " + path + " (" + compression + "): " + e, e);
    }
  }
}
