package io.zkdr.agent.verify;

import io.zkdr.backup.BackupChain;
import io.zkdr.backup.ChainRestorer;
import io.zkdr.net.LoopbackPorts;
import io.zkdr.store.BlobStore;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.MemberDataDir;
import io.zkdr.zk.replay.ReplayTarget;
import io.zkdr.zk.server.MemberRole;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import io.zkdr.zk.server.ZkServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ZKConfig;

/**
 * A test restore: rebuilds a chain's tree into the data dir of a scratch single-server ensemble on
 * loopback (under {@code dir}), starts it, reads the whole tree back through a ZooKeeper client and
 * compares its znode count and digest with the replayed tree, then stops it and removes its files.
 */
public final class ScratchRestore {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int JUTE_MAX_BUFFER = 16 * 1024 * 1024;

  /**
   * What the test restore found.
   *
   * @param zxid the zxid restored
   * @param expected the replayed tree (ephemerals left out)
   * @param served what the scratch server served
   */
  public record Outcome(long zxid, TreeFingerprint expected, TreeFingerprint served) {
    public boolean passed() {
      return expected.equals(served);
    }

    public String describe() {
      return "test restore to "
          + Zxid.hex(zxid)
          + (passed() ? " matched: " : " DIFFERS: ")
          + "served "
          + served.znodes()
          + " znodes digest "
          + Long.toHexString(served.digest())
          + ", replayed "
          + expected.znodes()
          + " znodes digest "
          + Long.toHexString(expected.digest());
    }
  }

  private ScratchRestore() {}

  /** Runs the test restore of {@code chain} (to its end) in {@code dir}. */
  public static Outcome run(BlobStore store, BackupChain chain, Path dir)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    try {
      ZkMember member =
          ZkMember.inDir(
              1,
              "127.0.0.1",
              LoopbackPorts.next(),
              LoopbackPorts.next(),
              LoopbackPorts.next(),
              0,
              dir,
              MemberRole.PARTICIPANT);
      ChainRestorer.Restored restored =
          ChainRestorer.restore(
              store,
              chain,
              ReplayTarget.end(),
              List.of(new MemberDataDir(1, member.dataDir(), member.dataLogDir())),
              true);
      TreeFingerprint expected = TreeFingerprint.of(restored.replay().tree());
      long zxid = restored.replay().zxid();
      ZkServerSettings settings =
          ZkServerSettings.defaults()
              .withTiming(200, 50, 15)
              .withMaxHeapMb(256)
              .withJuteMaxBuffer(JUTE_MAX_BUFFER)
              .withLogSizes(1024, 0);
      settings =
          new ZkServerSettings(
              settings.tickTimeMs(),
              settings.initLimit(),
              settings.syncLimit(),
              settings.snapCount(),
              settings.preAllocSizeKb(),
              settings.txnLogSizeLimitKb(),
              settings.snapshotCompression(),
              false,
              settings.juteMaxBuffer(),
              settings.maxHeapMb(),
              null,
              settings.extraConfig(),
              // the scratch server is private: read every node whatever its ACL
              List.of("-Dzookeeper.skipACL=yes"));
      try (ZkServerProcess server = new ZkServerProcess(member, List.of(member), settings)) {
        server.start();
        server.waitUntilServing(START_TIMEOUT);
        TreeFingerprint served = readBack(member.clientAddress());
        server.stop(Duration.ofSeconds(10));
        return new Outcome(zxid, expected, served);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static TreeFingerprint readBack(String connect) throws IOException, InterruptedException {
    CountDownLatch connected = new CountDownLatch(1);
    ZKClientConfig config = new ZKClientConfig();
    // the largest node the server accepts, plus its stat
    config.setProperty(ZKConfig.JUTE_MAXBUFFER, String.valueOf(JUTE_MAX_BUFFER + 4096));
    try (ZooKeeper zk =
        new ZooKeeper(
            connect,
            30_000,
            e -> {
              if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
              }
            },
            config)) {
      if (!connected.await(30, TimeUnit.SECONDS)) {
        throw new IOException("cannot connect to the scratch server at " + connect);
      }
      return TreeFingerprint.read(zk);
    } catch (KeeperException e) {
      throw new IOException("reading the scratch server at " + connect + " failed", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // scratch files under the work dir; the next run replaces them
    }
  }
}
