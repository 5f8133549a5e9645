package io.zkdr.zk.datadir;

import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.snapshot.SnapshotLoader;
import io.zkdr.zk.snapshot.SnapshotScanner;
import io.zkdr.zk.txnlog.TxnLogFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's data dir and data-log dir as ZooKeeper lays them out: snapshots in {@code
 * <dataDir>/version-2}, logs in {@code <dataLogDir>/version-2} (often the same dir).
 *
 * @param dataDir the configured {@code dataDir}
 * @param dataLogDir the configured {@code dataLogDir} (equal to {@code dataDir} when not set)
 */
public record ZkDataDir(Path dataDir, Path dataLogDir) {

  public static final String VERSION_DIR = "version-2";

  /** A member whose logs live beside its snapshots. */
  public static ZkDataDir of(Path dataDir) {
    return new ZkDataDir(dataDir, dataDir);
  }

  public Path snapDir() {
    return dataDir.resolve(VERSION_DIR);
  }

  public Path logDir() {
    return dataLogDir.resolve(VERSION_DIR);
  }

  /** Snapshot files, newest first; empty if there are none. */
  public List<SnapshotFile> snapshots() throws IOException {
    return Files.isDirectory(snapDir()) ? SnapshotFile.list(snapDir()) : List.of();
  }

  /** Log files, oldest first; empty if there are none. */
  public List<TxnLogFile> logs() throws IOException {
    return Files.isDirectory(logDir()) ? TxnLogFile.list(logDir()) : List.of();
  }

  /**
   * The newest snapshot that loads with good seals, as ZooKeeper picks it at start-up, loaded.
   * Snapshots that fail are skipped; their errors are attached if none loads.
   *
   * @throws IOException if no snapshot loads
   */
  public LoadedSnapshot loadNewestGoodSnapshot() throws IOException {
    List<IOException> failures = new ArrayList<>();
    for (SnapshotFile snap : snapshots()) {
      try {
        return SnapshotLoader.load(snap);
      } catch (IOException e) {
        failures.add(e);
      }
    }
    IOException e = new IOException("no loadable snapshot in " + snapDir());
    failures.forEach(e::addSuppressed);
    throw e;
  }

  /**
   * The newest snapshot file whose seals are good, without keeping the tree.
   *
   * @throws IOException if none is good
   */
  public SnapshotFile newestGoodSnapshot() throws IOException {
    IOException failure = new IOException("no snapshot with good seals in " + snapDir());
    for (SnapshotFile snap : snapshots()) {
      try (InputStream in = snap.openDecompressed()) {
        SnapshotScanner.scan(in, snap.path().toString());
        return snap;
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }
}
