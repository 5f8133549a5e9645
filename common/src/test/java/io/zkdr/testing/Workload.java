package io.zkdr.testing;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Drives a varied load through the plain ZooKeeper client: nested paths, binary data up to 1 MB,
 * several ACLs (world and digest), sequential and ephemeral nodes, setData, deletes and multi-ops.
 *
 * <p>Deterministic for a seed, apart from what the ensemble does to requests in flight when a
 * server dies (those are retried or skipped).
 */
public final class Workload {

  /** Credentials the workload's sessions authenticate with; digest ACLs name them. */
  public static final String USER = "alice:secret";

  public static final String ROOT = "/app";

  private static final int MAX_DATA = 1024 * 1024;

  private final ZooKeeper zk;
  private final ZooKeeper ephemeralSession;
  private final Random random;
  private final List<String> writable = new ArrayList<>();
  private final List<String> readOnly = new ArrayList<>();
  private final List<List<ACL>> acls;
  private int applied;
  private int failed;

  /**
   * @param zk session for persistent nodes
   * @param ephemeralSession a second session owning ephemeral nodes
   */
  public Workload(ZooKeeper zk, ZooKeeper ephemeralSession, long seed)
      throws KeeperException, InterruptedException {
    this.zk = zk;
    this.ephemeralSession = ephemeralSession;
    this.random = new Random(seed);
    zk.addAuthInfo("digest", USER.getBytes(StandardCharsets.UTF_8));
    ephemeralSession.addAuthInfo("digest", USER.getBytes(StandardCharsets.UTF_8));
    this.acls = aclChoices();
    for (String p : List.of(ROOT, ROOT + "/cfg", ROOT + "/queue", ROOT + "/live", ROOT + "/ro")) {
      try {
        zk.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      } catch (KeeperException.NodeExistsException e) {
        // a second workload on the same ensemble
      }
    }
    writable.add(ROOT + "/cfg");
    byte[] big = new byte[MAX_DATA - 64];
    random.nextBytes(big);
    try {
      zk.create(ROOT + "/big", big, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    } catch (KeeperException.NodeExistsException e) {
      zk.setData(ROOT + "/big", big, -1);
    }
  }

  private static List<List<ACL>> aclChoices() {
    try {
      Id alice = new Id("digest", DigestAuthenticationProvider.generateDigest(USER));
      Id bob = new Id("digest", DigestAuthenticationProvider.generateDigest("bob:pw"));
      // mutable lists: the client's validation calls contains(null), which List.of rejects
      return List.of(
          ZooDefs.Ids.OPEN_ACL_UNSAFE,
          new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, alice))),
          new ArrayList<>(
              List.of(
                  new ACL(ZooDefs.Perms.ALL, alice),
                  new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE))),
          new ArrayList<>(
              List.of(
                  new ACL(ZooDefs.Perms.ALL, alice),
                  new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, bob))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Operations that succeeded. */
  public int applied() {
    return applied;
  }

  /** Operations that failed (connection loss while a server died, races). */
  public int failed() {
    return failed;
  }

  /** Runs {@code ops} operations (including the failed ones). */
  public void run(int ops) throws InterruptedException {
    for (int i = 0; i < ops; i++) {
      try {
        step();
        applied++;
      } catch (KeeperException.ConnectionLossException
          | KeeperException.SessionMovedException
          | KeeperException.OperationTimeoutException e) {
        failed++;
        Thread.sleep(50);
      } catch (KeeperException e) {
        // NoNode/NodeExists after a retried request: the model is only a guide for targets
        failed++;
      }
    }
  }

  private void step() throws KeeperException, InterruptedException {
    int dice = random.nextInt(100);
    if (dice < 35 || writable.size() < 5) {
      createNested();
    } else if (dice < 55) {
      setData();
    } else if (dice < 63) {
      createSequential();
    } else if (dice < 70) {
      createEphemeral();
    } else if (dice < 80) {
      delete();
    } else if (dice < 90) {
      multi();
    } else if (dice < 93) {
      createReadOnly();
    } else {
      setAcl();
    }
  }

  private byte[] data() {
    int roll = random.nextInt(1000);
    int size;
    if (roll < 3) {
      size = MAX_DATA - random.nextInt(1024);
    } else if (roll < 30) {
      size = 10_000 + random.nextInt(90_000);
    } else if (roll < 100) {
      size = 0;
    } else {
      size = random.nextInt(300);
    }
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private String pick(List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private void createNested() throws KeeperException, InterruptedException {
    String parent = pick(writable);
    if (parent.chars().filter(c -> c == '/').count() > 6) {
      parent = ROOT + "/cfg";
    }
    String path = parent + "/n" + random.nextInt(1_000_000);
    List<ACL> acl = acls.get(random.nextInt(acls.size()));
    zk.create(path, data(), acl, CreateMode.PERSISTENT);
    writable.add(path);
  }

  private void createReadOnly() throws KeeperException, InterruptedException {
    String path = ROOT + "/ro/r" + random.nextInt(1_000_000);
    zk.create(path, data(), ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
    readOnly.add(path);
  }

  private void setData() throws KeeperException, InterruptedException {
    zk.setData(pick(writable), data(), -1);
  }

  private void setAcl() throws KeeperException, InterruptedException {
    String path = pick(writable);
    if (path.equals(ROOT + "/cfg")) {
      return;
    }
    zk.setACL(path, acls.get(random.nextInt(acls.size())), -1);
  }

  private void createSequential() throws KeeperException, InterruptedException {
    zk.create(ROOT + "/queue/item-", data(), acls.get(0), CreateMode.PERSISTENT_SEQUENTIAL);
  }

  private void createEphemeral() throws KeeperException, InterruptedException {
    CreateMode mode = random.nextBoolean() ? CreateMode.EPHEMERAL : CreateMode.EPHEMERAL_SEQUENTIAL;
    ephemeralSession.create(
        ROOT + "/live/e" + random.nextInt(1_000_000), data(), acls.get(0), mode);
  }

  private void delete() throws KeeperException, InterruptedException {
    String path = pick(writable);
    if (path.equals(ROOT + "/cfg")) {
      return;
    }
    try {
      zk.delete(path, -1);
      writable.remove(path);
    } catch (KeeperException.NotEmptyException e) {
      // keep it; its children stay targets
    } catch (KeeperException.NoNodeException e) {
      writable.remove(path);
      throw e;
    }
  }

  private void multi() throws KeeperException, InterruptedException {
    String parent = pick(writable);
    String a = parent + "/m" + random.nextInt(1_000_000);
    String b = a + "/child";
    List<Op> ops = new ArrayList<>();
    ops.add(Op.create(a, data(), acls.get(0), CreateMode.PERSISTENT));
    ops.add(Op.create(b, data(), acls.get(1), CreateMode.PERSISTENT));
    ops.add(Op.setData(a, data(), -1));
    ops.add(
        Op.create(
            ROOT + "/queue/multi-", new byte[0], acls.get(0), CreateMode.PERSISTENT_SEQUENTIAL));
    boolean withDelete = random.nextBoolean();
    if (withDelete) {
      ops.add(Op.delete(b, -1));
    }
    zk.multi(ops);
    writable.add(a);
    if (!withDelete) {
      writable.add(b);
    }
  }
}
