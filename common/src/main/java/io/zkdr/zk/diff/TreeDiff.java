package io.zkdr.zk.diff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.StatPersisted;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;

/**
 * Compares two data trees znode by znode: presence, data, ACL and the stored stat (the fields
 * ZooKeeper persists; {@code numChildren} follows from the children compared by presence).
 *
 * <p>Ephemeral znodes are left out by default, because a restore never carries them: a tree
 * restored by zkdr then equals its source exactly. {@code /zookeeper} (quotas, the dynamic config)
 * belongs to the ensemble, not to its data, and is left out too.
 */
public final class TreeDiff {

  /** What differs at a path. */
  public enum Kind {
    ONLY_IN_A,
    ONLY_IN_B,
    DATA,
    ACL,
    STAT
  }

  /** One difference. */
  public record Difference(String path, Kind kind, String detail) {}

  /**
   * The outcome.
   *
   * @param nodesA znodes compared in A
   * @param nodesB znodes compared in B
   * @param differenceCount all differences found
   * @param differences the first {@code limit} of them, in path order per subtree walk
   */
  public record Result(
      long nodesA, long nodesB, long differenceCount, List<Difference> differences) {
    public boolean equal() {
      return differenceCount == 0;
    }
  }

  private final boolean includeEphemerals;
  private final int limit;

  /**
   * @param includeEphemerals compare ephemeral znodes too
   * @param limit how many differences to keep in the result (all are counted)
   */
  public TreeDiff(boolean includeEphemerals, int limit) {
    this.includeEphemerals = includeEphemerals;
    this.limit = limit;
  }

  public Result compare(DataTree a, DataTree b) {
    List<Difference> shown = new ArrayList<>();
    long[] count = new long[1];
    long nodesA = walk(a, b, shown, count, true);
    long nodesB = walk(b, a, shown, count, false);
    return new Result(nodesA, nodesB, count[0], shown);
  }

  /** Walks {@code self}; compares every node with {@code other} on the first pass only. */
  private long walk(
      DataTree self, DataTree other, List<Difference> shown, long[] count, boolean firstPass) {
    long nodes = 0;
    Deque<String> pending = new ArrayDeque<>();
    pending.push("");
    while (!pending.isEmpty()) {
      String path = pending.pop();
      DataNode node = self.getNode(path);
      if (node == null) {
        continue;
      }
      nodes++;
      DataNode theirs = other.getNode(path);
      if (theirs == null || !counted(theirs)) {
        add(shown, count, path, firstPass ? Kind.ONLY_IN_A : Kind.ONLY_IN_B, "");
      } else if (firstPass) {
        compareNodes(self, node, other, theirs, path, shown, count);
      }
      for (String child : children(node)) {
        String childPath = path + "/" + child;
        if (childPath.equals("/zookeeper")) {
          continue;
        }
        DataNode c = self.getNode(childPath);
        if (c != null && counted(c)) {
          pending.push(childPath);
        }
      }
    }
    return nodes;
  }

  private boolean counted(DataNode node) {
    return includeEphemerals
        || EphemeralType.get(node.stat.getEphemeralOwner()) != EphemeralType.NORMAL;
  }

  private static String[] children(DataNode node) {
    synchronized (node) {
      String[] c = node.getChildren().toArray(new String[0]);
      Arrays.sort(c, java.util.Comparator.reverseOrder()); // popped in ascending order
      return c;
    }
  }

  private void compareNodes(
      DataTree ta,
      DataNode a,
      DataTree tb,
      DataNode b,
      String path,
      List<Difference> shown,
      long[] count) {
    byte[] da = a.getData() == null ? new byte[0] : a.getData();
    byte[] db = b.getData() == null ? new byte[0] : b.getData();
    if (!Arrays.equals(da, db)) {
      add(shown, count, path, Kind.DATA, da.length + " bytes vs " + db.length + " bytes");
      return;
    }
    List<ACL> aclA = ta.getACL(a);
    List<ACL> aclB = tb.getACL(b);
    if (!Objects.equals(aclA, aclB)) {
      add(shown, count, path, Kind.ACL, aclA + " vs " + aclB);
      return;
    }
    String stat = statDifference(a.stat, b.stat);
    if (stat != null) {
      add(shown, count, path, Kind.STAT, stat);
    }
  }

  private static String statDifference(StatPersisted a, StatPersisted b) {
    StringBuilder sb = new StringBuilder();
    field(sb, "czxid", a.getCzxid(), b.getCzxid());
    field(sb, "mzxid", a.getMzxid(), b.getMzxid());
    field(sb, "pzxid", a.getPzxid(), b.getPzxid());
    field(sb, "ctime", a.getCtime(), b.getCtime());
    field(sb, "mtime", a.getMtime(), b.getMtime());
    field(sb, "version", a.getVersion(), b.getVersion());
    field(sb, "cversion", a.getCversion(), b.getCversion());
    field(sb, "aversion", a.getAversion(), b.getAversion());
    field(sb, "ephemeralOwner", a.getEphemeralOwner(), b.getEphemeralOwner());
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void field(StringBuilder sb, String name, long a, long b) {
    if (a != b) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(name).append(' ').append(a).append(" vs ").append(b);
    }
  }

  private void add(List<Difference> shown, long[] count, String path, Kind kind, String detail) {
    count[0]++;
    if (shown.size() < limit) {
      shown.add(new Difference(path.isEmpty() ? "/" : path, kind, detail));
    }
  }
}
