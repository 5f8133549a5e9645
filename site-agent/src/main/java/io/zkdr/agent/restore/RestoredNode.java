package io.zkdr.agent.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;

/**
 * One znode of a restored tree as a client writes it back: path, data, ACL and how it is created.
 * Ephemeral znodes are never restored (no session owns them after a restore).
 *
 * @param path the znode's path
 * @param data its data (may be empty)
 * @param acl its ACL
 * @param mode persistent, container or persistent with TTL
 * @param ttl the TTL in ms for {@link CreateMode#PERSISTENT_WITH_TTL}, else -1
 */
public record RestoredNode(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) {

  /**
   * The znodes of {@code tree} at and under {@code subtree}, parents before children, leaving out
   * ephemerals and ZooKeeper's own {@code /zookeeper}. Empty when the tree has no such path.
   */
  public static List<RestoredNode> under(DataTree tree, String subtree) {
    List<RestoredNode> out = new ArrayList<>();
    walk(tree, subtree, out);
    return out;
  }

  /** The ancestors of {@code subtree} in {@code tree} (root excluded), outermost first. */
  public static List<RestoredNode> ancestors(DataTree tree, String subtree) {
    List<RestoredNode> out = new ArrayList<>();
    int i = 0;
    while ((i = subtree.indexOf('/', i + 1)) > 0) {
      RestoredNode n = of(tree, subtree.substring(0, i));
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  private static void walk(DataTree tree, String path, List<RestoredNode> out) {
    if (path.equals("/zookeeper") || path.startsWith("/zookeeper/")) {
      return;
    }
    DataNode node = tree.getNode(path);
    if (node == null) {
      return;
    }
    RestoredNode n = of(tree, path);
    if (n == null) {
      return; // an ephemeral has no children
    }
    if (!path.equals("/")) {
      out.add(n);
    }
    Set<String> children;
    synchronized (node) {
      children = new TreeSet<>(node.getChildren());
    }
    for (String child : children) {
      walk(tree, path.equals("/") ? "/" + child : path + "/" + child, out);
    }
  }

  private static RestoredNode of(DataTree tree, String path) {
    DataNode node = tree.getNode(path);
    if (node == null) {
      return null;
    }
    long owner = node.stat.getEphemeralOwner();
    CreateMode mode = CreateMode.PERSISTENT;
    long ttl = -1;
    if (owner != 0) {
      EphemeralType type = EphemeralType.get(owner);
      if (type == EphemeralType.CONTAINER) {
        mode = CreateMode.CONTAINER;
      } else if (type == EphemeralType.TTL) {
        mode = CreateMode.PERSISTENT_WITH_TTL;
        ttl = EphemeralType.TTL.getValue(owner);
      } else {
        return null;
      }
    }
    byte[] data = node.getData();
    return new RestoredNode(
        path, data == null ? new byte[0] : data, List.copyOf(tree.getACL(node)), mode, ttl);
  }
}
