package io.zkdr.controller.raft;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis snapshots as RocksDB checkpoints: each snapshot is a directory {@code
 * snapshot.<term>_<index>} under {@code sm/snapshots}, written into a temporary directory first and
 * renamed into place. Ratis sends the files of the latest snapshot to followers that fell behind
 * the purged log and installs them into the same directory on the follower.
 */
final class CheckpointSnapshotStorage implements StateMachineStorage {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointSnapshotStorage.class);
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
  static final String MD5_SUFFIX = ".md5";

  /** Deletes old snapshots; its thread ends when idle. */
  private final ThreadPoolExecutor cleaner =
      new ThreadPoolExecutor(
          0,
          1,
          5,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "snapshot-cleanup");
            t.setDaemon(true);
            return t;
          });

  private File snapshotDir;
  private File tmpDir;
  private volatile FileListSnapshotInfo latest;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    File sm = raftStorage.getStorageDir().getStateMachineDir();
    snapshotDir = new File(sm, "snapshots");
    tmpDir = new File(sm, "tmp");
    Files.createDirectories(snapshotDir.toPath());
    Files.createDirectories(tmpDir.toPath());
    loadLatest();
  }

  /** Rescans the snapshot directory (after start or an installed snapshot). */
  FileListSnapshotInfo loadLatest() throws IOException {
    List<Path> dirs = snapshotDirsNewestFirst();
    latest = dirs.isEmpty() ? null : describe(dirs.get(0));
    return latest;
  }

  /** The snapshot directories on disk, newest first. */
  private List<Path> snapshotDirsNewestFirst() throws IOException {
    try (Stream<Path> s = Files.list(snapshotDir.toPath())) {
      return s.filter(p -> Files.isDirectory(p) && NAME.matcher(name(p)).matches())
          .sorted(Comparator.comparing(CheckpointSnapshotStorage::termIndexOf).reversed())
          .toList();
    }
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  static TermIndex termIndexOf(Path dir) {
    Matcher m = NAME.matcher(name(dir));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a snapshot directory: " + dir);
    }
    return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  private static FileListSnapshotInfo describe(Path dir) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : (Iterable<Path>) s.sorted()::iterator) {
        if (Files.isRegularFile(f) && !name(f).endsWith(MD5_SUFFIX)) {
          files.add(new FileInfo(f.toAbsolutePath(), null));
        }
      }
    }
    return new FileListSnapshotInfo(files, termIndexOf(dir));
  }

  /** The directory of the latest snapshot, or null. */
  Path latestDir() {
    FileListSnapshotInfo l = latest;
    if (l == null) {
      return null;
    }
    return snapshotDir.toPath().resolve(dirName(l.getTermIndex()));
  }

  static String dirName(TermIndex ti) {
    return "snapshot." + ti.getTerm() + "_" + ti.getIndex();
  }

  /**
   * Creates the snapshot for {@code ti}: {@code writer} fills a fresh temporary path (which it must
   * create), which is then renamed atomically to its final name.
   */
  void create(TermIndex ti, CheckpointWriter writer) throws IOException {
    Path target = snapshotDir.toPath().resolve(dirName(ti));
    if (Files.exists(target)) {
      return;
    }
    Path tmp = tmpDir.toPath().resolve("checkpoint-" + ti.getTerm() + "_" + ti.getIndex());
    deleteTree(tmp);
    long start = System.nanoTime();
    writer.writeTo(tmp);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    LOG.info(
        "snapshot {} written to {} in {} ms",
        ti,
        target,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * Makes the written snapshot at {@code index} the latest, once Ratis has been told of it. Until
   * then Ratis goes by the one before (for its log purge, for what it sends to followers, and for
   * the gap it wants before it takes another on request), so {@link #getLatestSnapshot} answers
   * that.
   */
  void publish(long index) throws IOException {
    Optional<Path> written =
        snapshotDirsNewestFirst().stream()
            .filter(p -> termIndexOf(p).getIndex() == index)
            .findFirst();
    if (written.isEmpty()) {
      throw new IOException("snapshot " + index + " is not in " + snapshotDir);
    }
    FileListSnapshotInfo l = latest;
    // a snapshot installed from the leader meanwhile may be newer than this one
    if (l == null || termIndexOf(written.get()).compareTo(l.getTermIndex()) > 0) {
      latest = describe(written.get());
    }
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = Math.max(1, policy.getNumSnapshotsRetained());
    List<Path> dirs = snapshotDirsNewestFirst();
    if (dirs.size() <= keep) {
      return;
    }
    List<Path> old = dirs.subList(keep, dirs.size());
    // Ratis calls this on the apply thread; unlinking a checkpoint's files (the last links of
    // table files compacted away since) held every write of the leader for tens of milliseconds.
    cleaner.execute(
        () -> {
          for (Path d : old) {
            try {
              deleteTree(d);
            } catch (IOException e) {
              // left for the next cleanup, which lists the directory again
              LOG.warn("cannot delete old snapshot {}", d, e);
            }
          }
        });
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(x);
      }
    }
  }

  @Override
  public File getSnapshotDir() {
    return snapshotDir;
  }

  @Override
  public File getTmpDir() {
    return tmpDir;
  }

  /** Writes a checkpoint into a path that does not exist yet. */
  @FunctionalInterface
  interface CheckpointWriter {
    void writeTo(Path target) throws IOException;
  }
}
