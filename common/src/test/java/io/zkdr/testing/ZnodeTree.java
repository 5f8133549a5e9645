package io.zkdr.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;

/**
 * Every persistent znode outside {@code /zookeeper} with its data, ACL and full stat, taken from a
 * {@link DataTree} or read from a live ensemble, for comparing restores with their source.
 * Ephemeral znodes are left out, and their parents' {@code numChildren} and client-visible {@code
 * cversion} are what they become when the ephemerals' sessions end.
 */
public final class ZnodeTree {

  /** One znode as a client sees it. */
  public record Znode(byte[] data, List<ACL> acl, Stat stat) {}

  private final Map<String, Znode> nodes;
  private final int ephemeralsSkipped;

  private ZnodeTree(Map<String, Znode> nodes, int ephemeralsSkipped) {
    this.nodes = nodes;
    this.ephemeralsSkipped = ephemeralsSkipped;
  }

  public Map<String, Znode> nodes() {
    return nodes;
  }

  /** Ephemeral znodes seen and left out. */
  public int ephemeralsSkipped() {
    return ephemeralsSkipped;
  }

  /** The znodes of a data tree (as restored from a snapshot and logs). */
  public static ZnodeTree of(DataTree dt) {
    Map<String, Znode> out = new TreeMap<>();
    int skipped = 0;
    Deque<String> pending = new ArrayDeque<>();
    pending.push("/");
    while (!pending.isEmpty()) {
      String path = pending.pop();
      DataNode node = dt.getNode(path.equals("/") ? "" : path);
      Stat stat = new Stat();
      node.copyStat(stat);
      int persistentChildren = 0;
      for (String child : node.getChildren()) {
        String childPath = path.equals("/") ? "/" + child : path + "/" + child;
        DataNode c = dt.getNode(childPath);
        if (EphemeralType.get(c.stat.getEphemeralOwner()) == EphemeralType.NORMAL) {
          skipped++;
          continue;
        }
        persistentChildren++;
        if (!childPath.equals("/zookeeper")) {
          pending.push(childPath);
        }
      }
      // A client sees cversion as 2 x stored - children (every child gone was created and
      // deleted): without the ephemerals it is what the source shows once their sessions end.
      int storedCversion = node.stat.getCversion();
      stat.setCversion(storedCversion * 2 - persistentChildren);
      stat.setNumChildren(persistentChildren);
      byte[] data = node.getData();
      out.put(path, new Znode(data == null ? new byte[0] : data, dt.getACL(node), stat));
    }
    return new ZnodeTree(out, skipped);
  }

  /** The znodes a live ensemble serves (the client must be allowed to read them all). */
  public static ZnodeTree read(ZooKeeper zk) throws KeeperException, InterruptedException {
    Map<String, Znode> out = new TreeMap<>();
    int skipped = 0;
    Deque<String> pending = new ArrayDeque<>();
    pending.push("/");
    while (!pending.isEmpty()) {
      String path = pending.pop();
      Stat stat = new Stat();
      byte[] data = zk.getData(path, false, stat);
      if (stat.getEphemeralOwner() != 0) {
        skipped++;
        continue;
      }
      List<ACL> acl = zk.getACL(path, new Stat());
      out.put(path, new Znode(data == null ? new byte[0] : data, acl, stat));
      for (String child : zk.getChildren(path, false)) {
        String childPath = path.equals("/") ? "/" + child : path + "/" + child;
        if (!childPath.equals("/zookeeper")) {
          pending.push(childPath);
        }
      }
    }
    return new ZnodeTree(out, skipped);
  }

  /** Differences with {@code other} (empty when equal), at most {@code limit} of them. */
  public List<String> differences(ZnodeTree other, int limit) {
    List<String> diffs = new ArrayList<>();
    for (Map.Entry<String, Znode> e : nodes.entrySet()) {
      if (diffs.size() >= limit) {
        return diffs;
      }
      Znode theirs = other.nodes.get(e.getKey());
      Znode ours = e.getValue();
      if (theirs == null) {
        diffs.add("missing " + e.getKey());
      } else if (!Arrays.equals(ours.data(), theirs.data())) {
        diffs.add(
            "data of "
                + e.getKey()
                + ": "
                + preview(ours.data())
                + " vs "
                + preview(theirs.data()));
      } else if (!ours.acl().equals(theirs.acl())) {
        diffs.add("acl of " + e.getKey() + ": " + ours.acl() + " vs " + theirs.acl());
      } else if (!ours.stat().equals(theirs.stat())) {
        diffs.add("stat of " + e.getKey() + ": " + ours.stat() + " vs " + theirs.stat());
      }
    }
    for (String path : other.nodes.keySet()) {
      if (diffs.size() >= limit) {
        break;
      }
      if (!nodes.containsKey(path)) {
        diffs.add("unexpected " + path);
      }
    }
    return diffs;
  }

  private static String preview(byte[] data) {
    return data.length
        + " bytes "
        + new String(data, 0, Math.min(16, data.length), StandardCharsets.ISO_8859_1);
  }
}
