package io.zkdr.agent.restore;

import io.zkdr.agent.job.JobFailedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * Writes a restored (sub)tree into a running ensemble through the client API, in batched {@code
 * multi} requests (parents before children). Znodes that exist and differ are handled by {@code
 * onConflict}: {@code fail} refuses before anything is written, {@code skip} leaves them, {@code
 * overwrite} replaces their data and ACL. Znodes equal to the backup are left alone, so a retry
 * after a partial run finishes the job. Live znodes missing from the backup are never deleted.
 *
 * <p>Client writes get new zxids, times and versions: the restored znodes equal the backup in path,
 * data and ACL, not in stat.
 */
public final class RunningRestore {
  /** Operations per {@code multi}. */
  static final int BATCH_OPS = 500;

  /** Data bytes per {@code multi}, well under the default 1 MB request limit. */
  static final int BATCH_BYTES = 512 * 1024;

  private final String connectString;

  public RunningRestore(String connectString) {
    this.connectString = connectString;
  }

  /** Restores {@code nodes} (with their missing {@code ancestors} first). */
  public TreeChanges restore(
      List<RestoredNode> ancestors,
      List<RestoredNode> nodes,
      RestoreRequest.OnConflict onConflict,
      boolean dryRun,
      Consumer<String> progress)
      throws JobFailedException, InterruptedException {
    try (CuratorFramework client =
        CuratorFrameworkFactory.newClient(
            connectString, 30_000, 10_000, new ExponentialBackoffRetry(200, 5))) {
      client.start();
      if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
        throw JobFailedException.transientFailure(
            "cannot connect to the ensemble at " + connectString, null);
      }
      return restore(client, ancestors, nodes, onConflict, dryRun, progress);
    } catch (InterruptedException | JobFailedException e) {
      throw e;
    } catch (Exception e) {
      throw JobFailedException.transientFailure(
          "restore into the running ensemble at " + connectString + " failed: " + e, e);
    }
  }

  private TreeChanges restore(
      CuratorFramework client,
      List<RestoredNode> ancestors,
      List<RestoredNode> nodes,
      RestoreRequest.OnConflict onConflict,
      boolean dryRun,
      Consumer<String> progress)
      throws Exception {
    List<RestoredNode> creates = new ArrayList<>();
    List<RestoredNode> overwrites = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    long skipped = 0;
    long unchanged = 0;
    for (RestoredNode a : ancestors) {
      if (client.checkExists().forPath(a.path()) == null) {
        creates.add(a);
      }
    }
    for (RestoredNode n : nodes) {
      Stat stat = client.checkExists().forPath(n.path());
      if (stat == null) {
        creates.add(n);
        continue;
      }
      byte[] data = client.getData().forPath(n.path());
      List<ACL> acl = client.getACL().forPath(n.path());
      if (Arrays.equals(data == null ? new byte[0] : data, n.data()) && acl.equals(n.acl())) {
        unchanged++;
      } else if (onConflict == RestoreRequest.OnConflict.SKIP) {
        skipped++;
      } else if (onConflict == RestoreRequest.OnConflict.OVERWRITE) {
        overwrites.add(n);
      } else {
        conflicts.add(n.path());
      }
    }
    if (!conflicts.isEmpty()) {
      throw JobFailedException.permanent(
          conflicts.size()
              + " znode(s) exist with other data or ACL in "
              + connectString
              + " (onConflict=fail, nothing written): "
              + String.join(", ", conflicts.subList(0, Math.min(10, conflicts.size())))
              + (conflicts.size() > 10 ? ", ..." : ""));
    }
    TreeChanges changes = new TreeChanges(creates.size(), overwrites.size(), 0, skipped, unchanged);
    if (dryRun) {
      return changes;
    }
    List<CuratorOp> batch = new ArrayList<>();
    long bytes = 0;
    long done = 0;
    for (RestoredNode n : creates) {
      if (batch.size() >= BATCH_OPS || bytes + n.data().length > BATCH_BYTES) {
        client.transaction().forOperations(batch);
        done += batch.size();
        progress.accept("created " + done + " of " + creates.size() + " znodes");
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(createOp(client, n));
      bytes += n.data().length;
    }
    if (!batch.isEmpty()) {
      client.transaction().forOperations(batch);
    }
    batch = new ArrayList<>();
    bytes = 0;
    for (RestoredNode n : overwrites) {
      if (batch.size() >= BATCH_OPS || bytes + n.data().length > BATCH_BYTES) {
        client.transaction().forOperations(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(client.transactionOp().setData().forPath(n.path(), n.data()));
      bytes += n.data().length;
    }
    if (!batch.isEmpty()) {
      client.transaction().forOperations(batch);
    }
    // setACL is not a multi operation
    for (RestoredNode n : overwrites) {
      try {
        client.setACL().withACL(n.acl()).forPath(n.path());
      } catch (KeeperException.NoNodeException e) {
        throw JobFailedException.transientFailure(
            n.path() + " was deleted while it was being restored", e);
      }
    }
    return changes;
  }

  private static CuratorOp createOp(CuratorFramework client, RestoredNode n) throws Exception {
    if (n.ttl() > 0) {
      return client
          .transactionOp()
          .create()
          .withTtl(n.ttl())
          .withMode(n.mode())
          .withACL(n.acl())
          .forPath(n.path(), n.data());
    }
    return client
        .transactionOp()
        .create()
        .withMode(n.mode())
        .withACL(n.acl())
        .forPath(n.path(), n.data());
  }
}
