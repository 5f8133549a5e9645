package io.zkdr.agent.verify;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.data.StatPersisted;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.DigestCalculator;

/**
 * The persistent znodes of a tree, counted and digested with ZooKeeper's own per-node digest (CRC32
 * of path, data and stat), so that a tree read back through a client can be compared with the tree
 * a replay built. Ephemeral znodes are left out on both sides: restores never carry them.
 *
 * <p>A freshly restored server has no {@code hash} history (it records one every 128 zxids), so the
 * comparison reads every node's data and stat instead.
 *
 * @param znodes persistent znodes, {@code /} and {@code /zookeeper} included
 * @param digest wrapping sum of their digests
 */
public record TreeFingerprint(long znodes, long digest) {
  private static final Method NODE_DIGEST = nodeDigestMethod();
  private static final DigestCalculator CALCULATOR = new DigestCalculator();

  private static Method nodeDigestMethod() {
    try {
      // ZooKeeper keeps the per-node digest package-private; the algorithm must be its own
      Method m =
          DigestCalculator.class.getDeclaredMethod(
              "calculateDigest", String.class, byte[].class, StatPersisted.class);
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("this ZooKeeper has no DigestCalculator.calculateDigest", e);
    }
  }

  private static long nodeDigest(String path, byte[] data, StatPersisted stat) {
    try {
      return (long) NODE_DIGEST.invoke(CALCULATOR, "/".equals(path) ? "" : path, data, stat);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot compute the digest of " + path, e);
    }
  }

  /** The fingerprint of a replayed tree. */
  public static TreeFingerprint of(DataTree tree) {
    long count = 0;
    long digest = 0;
    Deque<String> pending = new ArrayDeque<>();
    pending.push("/");
    while (!pending.isEmpty()) {
      String path = pending.pop();
      DataNode node = tree.getNode("/".equals(path) ? "" : path);
      if (node == null || node.stat.getEphemeralOwner() != 0) {
        continue;
      }
      count++;
      digest += nodeDigest(path, node.getData(), node.stat);
      for (String child : node.getChildren()) {
        pending.push(("/".equals(path) ? "" : path) + "/" + child);
      }
    }
    return new TreeFingerprint(count, digest);
  }

  /** The fingerprint of the tree a server serves, read through {@code zk}. */
  public static TreeFingerprint read(ZooKeeper zk) throws KeeperException, InterruptedException {
    long count = 0;
    long digest = 0;
    Deque<String> pending = new ArrayDeque<>();
    pending.push("/");
    while (!pending.isEmpty()) {
      String path = pending.pop();
      Stat stat = new Stat();
      byte[] data;
      List<String> children;
      try {
        data = zk.getData(path, false, stat);
        children = zk.getChildren(path, false);
      } catch (KeeperException.NoNodeException e) {
        continue;
      }
      if (stat.getEphemeralOwner() != 0) {
        continue;
      }
      count++;
      digest += nodeDigest(path, data, persisted(stat));
      for (String child : children) {
        pending.push(("/".equals(path) ? "" : path) + "/" + child);
      }
    }
    return new TreeFingerprint(count, digest);
  }

  /** The stat as the server stores it: clients see {@code cversion} as 2 x stored - children. */
  private static StatPersisted persisted(Stat s) {
    return new StatPersisted(
        s.getCzxid(),
        s.getMzxid(),
        s.getCtime(),
        s.getMtime(),
        s.getVersion(),
        (s.getCversion() + s.getNumChildren()) / 2,
        s.getAversion(),
        s.getEphemeralOwner(),
        s.getPzxid());
  }
}
