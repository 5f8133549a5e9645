package io.zkdr.zk.datadir;

import io.zkdr.zk.snapshot.SnapshotCompression;
import io.zkdr.zk.snapshot.SnapshotWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.zookeeper.server.DataTree;

/**
 * Turns a {@link DataTree} into data dirs that stock ZooKeeper servers load: one {@code
 * version-2/snapshot.<zxid>} (the tree's {@code lastProcessedZxid}) per member, a {@code myid}, no
 * logs and no epoch files (the quorum writes those and opens a new epoch).
 *
 * <p>Sessions and ephemeral znodes are never restored. They are left out of the snapshot without
 * changing the tree: parents keep their stored {@code cversion} and {@code pzxid}; their {@code
 * numChildren} drops by the ephemerals left out, and the {@code cversion} clients see (ZooKeeper
 * reports {@code 2 x stored - children}) rises by one per ephemeral child left out, as it would on
 * the source once those sessions ended. The snapshot carries an empty digest record for that reason
 * (the server computes its digest from the loaded tree).
 *
 * <p>The snapshot is written once and copied to the other members.
 */
public final class DataDirWriter {

  /**
   * What a restore wrote.
   *
   * @param zxid the zxid the data dirs are at
   * @param snapshots the snapshot file of each member, in the order given
   * @param nodes znodes written
   * @param ephemeralsLeftOut ephemeral znodes left out
   */
  public record Result(long zxid, List<Path> snapshots, long nodes, long ephemeralsLeftOut) {}

  private DataDirWriter() {}

  /**
   * Writes {@code tree} into every member's dirs.
   *
   * @param replace delete whatever the dirs hold first; otherwise a non-empty dir is refused
   * @throws DirectoryNotEmptyException if a dir is not empty and {@code replace} is false
   */
  public static Result write(DataTree tree, List<MemberDataDir> members, boolean replace)
      throws IOException {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no member to restore into");
    }
    for (MemberDataDir m : members) {
      prepare(m.dataDir(), replace);
      if (!m.dataLogDir().equals(m.dataDir())) {
        prepare(m.dataLogDir(), replace);
      }
    }
    long zxid = tree.lastProcessedZxid;
    MemberDataDir first = members.get(0);
    Path firstSnapDir = first.dataDir().resolve(ZkDataDir.VERSION_DIR);
    // dbid -1, as FileSnap writes it
    SnapshotWriter.WrittenFile file =
        SnapshotWriter.writeFile(firstSnapDir, tree, Map.of(), -1, SnapshotCompression.NONE, true);
    Path snapshot = file.path();
    SnapshotWriter.Written counts = file.written();
    List<Path> written = new ArrayList<>();
    for (MemberDataDir m : members) {
      Path snapDir = m.dataDir().resolve(ZkDataDir.VERSION_DIR);
      Files.createDirectories(snapDir);
      Files.createDirectories(m.dataLogDir().resolve(ZkDataDir.VERSION_DIR));
      Path target = snapDir.resolve(snapshot.getFileName());
      if (!target.equals(snapshot)) {
        Path tmp = snapDir.resolve(snapshot.getFileName() + ".tmp");
        Files.copy(snapshot, tmp, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true); // durable before it gets its final name
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.writeString(m.dataDir().resolve("myid"), m.myid() + "\n", StandardCharsets.US_ASCII);
      written.add(target);
    }
    return new Result(zxid, written, counts.nodes(), counts.ephemeralsLeftOut());
  }

  private static void prepare(Path dir, boolean replace) throws IOException {
    if (!Files.exists(dir)) {
      Files.createDirectories(dir);
      return;
    }
    boolean empty;
    try (Stream<Path> entries = Files.list(dir)) {
      empty = entries.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    if (!replace) {
      throw new DirectoryNotEmptyException(
          dir + " is not empty; restoring into it needs the replace option");
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
