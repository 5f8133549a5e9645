package io.zkdr.zk.snapshot;

import java.util.Locale;

/**
 * The three ways ZooKeeper writes snapshot files ({@code zookeeper.snapshot.compression.method}),
 * told apart by the file name's suffix.
 */
public enum SnapshotCompression {
  /** Plain bytes, {@code snapshot.<zxid>}. */
  NONE(""),
  /** {@code snapshot.<zxid>.gz}. */
  GZ("gz"),
  /** {@code snapshot.<zxid>.snappy} (snappy-java framed stream). */
  SNAPPY("snappy");

  private final String methodName;

  SnapshotCompression(String methodName) {
    this.methodName = methodName;
  }

  /** The value of {@code zookeeper.snapshot.compression.method}; empty for {@link #NONE}. */
  public String methodName() {
    return methodName;
  }

  /** The file-name suffix including the dot, or empty. */
  public String fileSuffix() {
    return methodName.isEmpty() ? "" : "." + methodName;
  }

  /** The method a snapshot file was written with, from its name. */
  public static SnapshotCompression ofFileName(String fileName) {
    if (fileName.endsWith(".gz")) {
      return GZ;
    }
    if (fileName.endsWith(".snappy")) {
      return SNAPPY;
    }
    return NONE;
  }

  /** Parses {@code none}, {@code gz} or {@code snappy} (case-insensitive; empty means none). */
  public static SnapshotCompression parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "", "none", "checked" -> NONE;
      case "gz", "gzip" -> GZ;
      case "snappy" -> SNAPPY;
      default -> throw new IllegalArgumentException("unknown snapshot compression method: " + text);
    };
  }
}
