package io.zkdr.zk.txnlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code log.<hex zxid>} file; the zxid in the name is the first zxid ZooKeeper wrote to it.
 *
 * @param path the file
 * @param startZxid the zxid from the name
 */
public record TxnLogFile(Path path, long startZxid) {

  public static final String PREFIX = "log.";

  /** The log file {@code path} names, or {@code null} when the name is not a log file name. */
  public static TxnLogFile of(Path path) {
    String name = path.getFileName().toString();
    if (!name.startsWith(PREFIX)) {
      return null;
    }
    try {
      return new TxnLogFile(path, Long.parseUnsignedLong(name.substring(PREFIX.length()), 16));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Every log file directly in {@code dir}, oldest (lowest start zxid) first. */
  public static List<TxnLogFile> list(Path dir) throws IOException {
    List<TxnLogFile> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(Files::isRegularFile)
          .map(TxnLogFile::of)
          .filter(f -> f != null)
          .forEach(logs::add);
    }
    logs.sort(Comparator.comparingLong(TxnLogFile::startZxid));
    return logs;
  }

  /**
   * The files that may hold txns after {@code zxid}: the newest file starting at or before {@code
   * zxid + 1} and every later one (as ZooKeeper's {@code FileTxnLog.getLogFiles} picks them).
   */
  public static List<TxnLogFile> covering(List<TxnLogFile> sorted, long zxid) {
    int first = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).startZxid() <= zxid + 1) {
        first = i;
      }
    }
    return sorted.subList(first, sorted.size());
  }
}
