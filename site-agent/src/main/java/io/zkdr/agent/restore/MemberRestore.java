package io.zkdr.agent.restore;

import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.member.MemberControl;
import io.zkdr.zk.datadir.DataDirWriter;
import io.zkdr.zk.datadir.MemberDataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.zookeeper.server.DataTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a tree into an ensemble's own members, offline: stops every member, moves its data and
 * log dirs aside (kept, never deleted), writes the restored data dirs, starts the members and
 * checks the quorum. On any failure after the members stopped it stops them again, puts the old
 * dirs back and starts them: the ensemble is left serving its old data.
 */
public final class MemberRestore {
  private static final Logger LOG = LoggerFactory.getLogger(MemberRestore.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final String ensemble;
  private final List<MemberControl> members;
  private final String suffix;
  private final Duration checkTimeout;

  /**
   * @param suffix appended to each moved-aside dir ({@code <dir>.zkdr-old-<suffix>})
   * @param checkTimeout how long the restored quorum may take to serve
   */
  public MemberRestore(
      String ensemble, List<MemberControl> members, String suffix, Duration checkTimeout) {
    this.ensemble = ensemble;
    this.members = List.copyOf(members);
    this.suffix = suffix;
    this.checkTimeout = checkTimeout;
  }

  /** One dir moved aside: where it was and where it is now. */
  private record Moved(Path original, Path aside) {}

  /**
   * Restores {@code tree} into every member.
   *
   * @return where the old dirs were moved, comma-separated
   */
  public String restore(DataTree tree, Consumer<String> progress)
      throws JobFailedException, InterruptedException {
    List<Moved> moved = new ArrayList<>();
    for (MemberConfig m : configs()) {
      for (Path dir : dirsOf(m)) {
        Path aside = dir.resolveSibling(dir.getFileName() + ".zkdr-old-" + suffix);
        if (Files.exists(aside)) {
          throw JobFailedException.permanent(
              "restore of "
                  + ensemble
                  + " refused: "
                  + aside
                  + " exists (an earlier run of this job moved data there); check it by hand");
        }
      }
    }
    progress.accept("stopping " + members.size() + " member(s) of " + ensemble);
    try {
      for (MemberControl c : members) {
        c.stop(STOP_GRACE);
      }
      for (MemberConfig m : configs()) {
        for (Path dir : dirsOf(m)) {
          if (Files.exists(dir)) {
            Path aside = dir.resolveSibling(dir.getFileName() + ".zkdr-old-" + suffix);
            Files.move(dir, aside);
            moved.add(new Moved(dir, aside));
          }
        }
      }
      progress.accept("writing the restored data dirs of " + members.size() + " member(s)");
      List<MemberDataDir> dirs = new ArrayList<>();
      for (MemberConfig m : configs()) {
        dirs.add(new MemberDataDir(m.myid(), m.dataDir(), m.dataLogDir()));
      }
      DataDirWriter.Result written = DataDirWriter.write(tree, dirs, false);
      progress.accept("starting the restored members of " + ensemble);
      for (MemberControl c : members) {
        c.start();
      }
      QuorumCheck.await(servers(), written.zxid(), written.nodes(), checkTimeout);
      return String.join(",", moved.stream().map(m -> m.aside().toString()).toList());
    } catch (IOException | RuntimeException e) {
      String rollback = rollBack(moved);
      throw JobFailedException.permanent(
          "restore of "
              + ensemble
              + " into its members failed: "
              + e.getMessage()
              + "; "
              + rollback);
    }
  }

  private String rollBack(List<Moved> moved) throws InterruptedException {
    LOG.warn("restore of {} failed; putting the old data back", ensemble);
    List<String> trouble = new ArrayList<>();
    for (MemberControl c : members) {
      try {
        c.stop(STOP_GRACE);
      } catch (IOException | RuntimeException e) {
        trouble.add("stopping " + c.member().myid() + ": " + e.getMessage());
      }
    }
    for (Moved m : moved) {
      try {
        deleteTree(m.original());
        Files.move(m.aside(), m.original());
      } catch (IOException e) {
        trouble.add("moving " + m.aside() + " back: " + e.getMessage());
      }
    }
    for (MemberControl c : members) {
      try {
        c.start();
      } catch (IOException | RuntimeException e) {
        trouble.add("starting " + c.member().myid() + ": " + e.getMessage());
      }
    }
    if (trouble.isEmpty()) {
      String serving = QuorumCheck.awaitServing(servers(), checkTimeout);
      if (serving != null) {
        trouble.add(serving);
      }
    }
    return trouble.isEmpty()
        ? "the members serve their old data again"
        : "putting the old data back had problems: " + String.join("; ", trouble);
  }

  private List<QuorumCheck.Server> servers() {
    return configs().stream().map(m -> new QuorumCheck.Server(m.host(), m.clientPort())).toList();
  }

  private List<MemberConfig> configs() {
    return members.stream().map(MemberControl::member).toList();
  }

  /** The member's data dir, and its log dir when that lies elsewhere. */
  private static List<Path> dirsOf(MemberConfig m) {
    Path data = m.dataDir().toAbsolutePath().normalize();
    Path log = m.dataLogDir().toAbsolutePath().normalize();
    return log.startsWith(data) ? List.of(data) : List.of(data, log);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
