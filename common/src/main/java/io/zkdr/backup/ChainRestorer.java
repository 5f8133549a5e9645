package io.zkdr.backup;

import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.EncryptionKeyResolver;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.ZxidRange;
import io.zkdr.zk.datadir.DataDirWriter;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.replay.ReplayException;
import io.zkdr.zk.replay.ReplayResult;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.replay.TreeReplayer;
import io.zkdr.zk.snapshot.LoadedSnapshot;
import io.zkdr.zk.snapshot.SnapshotLoader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Restores a backup chain: loads the FULL artifact's snapshot, replays the chain's txns to the
 * target (every chunk's checksum and every txn's digest verified while reading), and writes data
 * dirs for the target members.
 */
public final class ChainRestorer {

  private ChainRestorer() {}

  /**
   * What a restore produced.
   *
   * @param replay the replayed tree and its figures
   * @param written the data dirs written
   */
  public record Restored(ReplayResult replay, DataDirWriter.Result written) {}

  /**
   * Rebuilds the tree at {@code target} from the chain.
   *
   * @throws ReplayException if the target is outside what the chain reaches (the message names the
   *     reachable range and any gap) or a digest does not match
   * @throws io.zkdr.artifact.ArtifactCorruptException if an artifact is damaged
   */
  public static ReplayResult restoreTree(
      BlobStore store, BackupChain chain, ReplayTarget target, TreeReplayer.TxnListener listener)
      throws IOException {
    return restoreTree(store, null, chain, target, listener);
  }

  /**
   * As {@link #restoreTree(BlobStore, BackupChain, ReplayTarget, TreeReplayer.TxnListener)}, for
   * chains that may hold encrypted artifacts.
   *
   * @param keys supplies the keys encrypted artifacts name; null when none is encrypted
   */
  public static ReplayResult restoreTree(
      BlobStore store,
      EncryptionKeyResolver keys,
      BackupChain chain,
      ReplayTarget target,
      TreeReplayer.TxnListener listener)
      throws IOException {
    ZxidRange reachable = chain.reachable();
    if (target instanceof ReplayTarget.AtZxid z && !reachable.contains(z.zxid())) {
      String why =
          z.zxid() < reachable.from()
              ? "before the full backup is consistent"
              : chain.contiguous()
                  ? "after the last backed-up txn"
                  : "beyond the gap " + chain.gaps().get(0) + " in the chain";
      throw new ReplayException(
          z.zxid() < reachable.from()
              ? ReplayException.Reason.BEFORE_CONSISTENT
              : chain.contiguous() ? ReplayException.Reason.PAST_END : ReplayException.Reason.GAP,
          "cannot restore " + chain.full().manifest().ensemble() + " to " + target + ": " + why,
          List.of(reachable));
    }
    ChainLink full = chain.full();
    LoadedSnapshot snapshot;
    try (ArtifactReader reader = ArtifactReader.open(store, full.prefix(), keys);
        InputStream in = reader.openSection(BackupSections.SNAPSHOT)) {
      snapshot =
          SnapshotLoader.load(
              in,
              "artifact " + full.manifest().artifactId() + " section snapshot",
              full.fromZxid());
    }
    try (ChainTxnStream txns = new ChainTxnStream(store, keys, chain.links())) {
      ReplayResult result = TreeReplayer.replay(snapshot, txns, target, listener);
      if (target instanceof ReplayTarget.AtEnd && result.zxid() != chain.endZxid()) {
        throw new IOException(
            "the chain's txns end at "
                + Zxid.hex(result.zxid())
                + " but its manifests promise "
                + Zxid.hex(chain.endZxid()));
      }
      return result;
    }
  }

  /** Rebuilds the tree at {@code target} and writes it into every member's data dirs. */
  public static Restored restore(
      BlobStore store,
      BackupChain chain,
      ReplayTarget target,
      List<MemberDataDir> members,
      boolean replace)
      throws IOException {
    return restore(store, null, chain, target, members, replace);
  }

  /**
   * Rebuilds the tree at {@code target} and writes it into every member's data dirs.
   *
   * @param keys supplies the keys encrypted artifacts name; null when none is encrypted
   * @param replace clear non-empty member dirs first instead of refusing them
   */
  public static Restored restore(
      BlobStore store,
      EncryptionKeyResolver keys,
      BackupChain chain,
      ReplayTarget target,
      List<MemberDataDir> members,
      boolean replace)
      throws IOException {
    ReplayResult result = restoreTree(store, keys, chain, target, null);
    DataDirWriter.Result written = DataDirWriter.write(result.tree(), members, replace);
    return new Restored(result, written);
  }
}
