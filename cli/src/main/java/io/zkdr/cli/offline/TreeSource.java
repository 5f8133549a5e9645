package io.zkdr.cli.offline;

import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.backup.ChainRestorer;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.replay.TreeReplayer;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.snapshot.SnapshotLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.server.DataTree;

/**
 * Loads a data tree from what an operator names: a snapshot file (as it is, fuzzy), a data dir
 * (newest good snapshot + every log after it), or a FULL artifact (replayed to its end).
 */
final class TreeSource {
  private TreeSource() {}

  static DataTree load(String arg) throws IOException {
    if (arg.startsWith("s3://") || arg.startsWith("file:")) {
      return fromArtifact(arg);
    }
    Path p = Path.of(arg);
    if (!Files.exists(p)) {
      throw new CliException(ExitCode.NOT_FOUND, "no such file or directory: " + arg);
    }
    if (Files.isRegularFile(p)) {
      SnapshotFile snap = SnapshotFile.of(p);
      if (snap != null) {
        return SnapshotLoader.load(snap).tree();
      }
      if (p.getFileName().toString().equals(ArtifactKeys.MANIFEST)) {
        return fromArtifact(arg);
      }
      throw new CliException(
          ExitCode.USAGE,
          arg + " is neither a snapshot.<zxid> file nor an artifact's manifest.json",
          null,
          null);
    }
    if (Files.exists(p.resolve(ArtifactKeys.MANIFEST))) {
      return fromArtifact(arg);
    }
    if (Files.isDirectory(p.resolve(ZkDataDir.VERSION_DIR))
        || p.getFileName().toString().equals(ZkDataDir.VERSION_DIR)) {
      Path dataDir = Files.isDirectory(p.resolve(ZkDataDir.VERSION_DIR)) ? p : p.getParent();
      return TreeReplayer.replay(ZkDataDir.of(dataDir), ReplayTarget.end()).tree();
    }
    throw new CliException(
        ExitCode.USAGE,
        arg + " holds neither a ZooKeeper data dir (version-2/) nor an artifact (manifest.json)",
        null,
        null);
  }

  private static DataTree fromArtifact(String arg) throws IOException {
    try (ArtifactChain chain = ArtifactChain.open(arg, List.of())) {
      return ChainRestorer.restoreTree(chain.store(), chain.chain(), ReplayTarget.end(), null)
          .tree();
    }
  }
}
