package io.zkdr.backup;

import io.zkdr.artifact.ArtifactKind;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.ZxidRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A FULL artifact and the INCREMENTAL ones after it, checked for continuity. Increments are taken
 * in order of their lower bound; one that starts at or before the chain's current end extends it
 * (overlaps are skipped when replaying), one that starts later leaves a gap, and the chain stops
 * there.
 */
public final class BackupChain {

  private final ChainLink full;
  private final List<ChainLink> links;
  private final List<ZxidRange> gaps;
  private final List<ChainLink> unreachable;
  private final long endZxid;

  private BackupChain(
      ChainLink full,
      List<ChainLink> links,
      List<ZxidRange> gaps,
      List<ChainLink> unreachable,
      long endZxid) {
    this.full = full;
    this.links = List.copyOf(links);
    this.gaps = List.copyOf(gaps);
    this.unreachable = List.copyOf(unreachable);
    this.endZxid = endZxid;
  }

  /**
   * Builds the chain from a FULL artifact and any number of INCREMENTAL ones (in any order).
   *
   * @throws IllegalArgumentException if the kinds, ensembles or database ids do not fit together
   */
  public static BackupChain of(ChainLink full, List<ChainLink> increments) {
    if (full.manifest().kind() != ArtifactKind.FULL) {
      throw new IllegalArgumentException(
          "a chain starts with a FULL artifact, " + full.manifest().artifactId() + " is not");
    }
    List<ChainLink> sorted = new ArrayList<>(increments);
    sorted.sort(Comparator.comparingLong(ChainLink::fromZxid));
    List<ChainLink> links = new ArrayList<>();
    links.add(full);
    List<ZxidRange> gaps = new ArrayList<>();
    List<ChainLink> unreachable = new ArrayList<>();
    long end = full.toZxid();
    for (ChainLink inc : sorted) {
      if (inc.manifest().kind() != ArtifactKind.INCREMENTAL) {
        throw new IllegalArgumentException(
            inc.manifest().artifactId() + " is not an INCREMENTAL artifact");
      }
      if (!inc.manifest().ensemble().equals(full.manifest().ensemble())) {
        throw new IllegalArgumentException(
            inc.manifest().artifactId()
                + " belongs to ensemble "
                + inc.manifest().ensemble()
                + ", not "
                + full.manifest().ensemble());
      }
      if (!gaps.isEmpty()) {
        unreachable.add(inc);
      } else if (inc.toZxid() <= end) {
        // wholly covered already
      } else if (inc.fromZxid() <= end) {
        links.add(inc);
        end = inc.toZxid();
      } else {
        gaps.add(new ZxidRange(end + 1, inc.fromZxid()));
        unreachable.add(inc);
      }
    }
    return new BackupChain(full, links, gaps, unreachable, end);
  }

  public ChainLink full() {
    return full;
  }

  /** The artifacts a restore reads, in order: the FULL one, then the increments that extend it. */
  public List<ChainLink> links() {
    return links;
  }

  /** Whether every increment given joins the chain without a gap. */
  public boolean contiguous() {
    return gaps.isEmpty();
  }

  /** Missing zxid ranges (the first one stops the chain). */
  public List<ZxidRange> gaps() {
    return gaps;
  }

  /** Increments that lie beyond a gap. */
  public List<ChainLink> unreachable() {
    return unreachable;
  }

  /** The last zxid the chain reaches. */
  public long endZxid() {
    return endZxid;
  }

  /** The zxids a restore from this chain can reach. */
  public ZxidRange reachable() {
    return new ZxidRange(full.manifest().restorableFromZxid(), endZxid);
  }

  /** One line for operators: range, links, gaps. */
  public String describe() {
    StringBuilder sb =
        new StringBuilder("chain of ")
            .append(links.size())
            .append(" artifact(s) from ")
            .append(full.manifest().artifactId())
            .append(", reachable ")
            .append(reachable());
    for (ZxidRange gap : gaps) {
      sb.append(", gap ").append(gap);
    }
    if (!unreachable.isEmpty()) {
      sb.append(", unreachable: ");
      for (ChainLink l : unreachable) {
        sb.append(l.manifest().artifactId())
            .append(" (")
            .append(Zxid.hex(l.fromZxid()))
            .append("..")
            .append(Zxid.hex(l.toZxid()))
            .append(") ");
      }
    }
    return sb.toString().trim();
  }
}
