package io.zkdr.bench.datapath;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.Request;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.SetDataTxn;
import org.apache.zookeeper.txn.TxnDigest;
import org.apache.zookeeper.txn.TxnHeader;

/**
 * Writes a ZooKeeper data dir with ZooKeeper's own classes: a {@link DataTree} of {@code znodes}
 * nodes saved as a snapshot by {@link FileTxnSnapLog}, then {@code txns} transactions (nine setData
 * for each create, values of {@code valueSize} bytes) appended to the transaction log with their
 * {@link TxnDigest}s, exactly as a server with digests on would write them.
 *
 * <p>Values look like service-discovery records (JSON with hosts, ports, ids and padding), which
 * compress roughly as real ZooKeeper data does; random bytes would make every compressor look the
 * same.
 */
public final class ZkDataDirGenerator {
  /** {@code DigestCalculator.DIGEST_VERSION} in ZooKeeper 3.9 (private there). */
  static final int DIGEST_VERSION = 2;

  private static final int FANOUT = 1000;
  private static final List<ACL> ACL = ZooDefs.Ids.OPEN_ACL_UNSAFE;
  private static final long EPOCH = 1L << 32;
  private static final long SESSION = 0x100000001L;

  private final int znodes;
  private final int txns;
  private final int valueSize;
  private final Random random = new Random(42);

  /** What was written. */
  public record Result(
      Path dataDir,
      File snapshot,
      long snapshotZxid,
      long lastZxid,
      long znodeCount,
      long dataBytes,
      long treeDigest,
      long dirBytes) {}

  public ZkDataDirGenerator(int znodes, int txns, int valueSize) {
    this.znodes = znodes;
    this.txns = txns;
    this.valueSize = valueSize;
  }

  /** Generates the data dir under {@code dataDir} (which must not hold one already). */
  public Result generate(Path dataDir) throws IOException {
    System.setProperty("zookeeper.digest.enabled", "true");
    Files.createDirectories(dataDir);
    DataTree tree = new DataTree();
    long zxid = EPOCH;
    long time = 1_763_900_000_000L;
    int dirs = (znodes + FANOUT - 1) / FANOUT;
    try {
      tree.createNode("/bench", new byte[0], ACL, -1, 0, ++zxid, time);
      for (int d = 0; d < dirs; d++) {
        tree.createNode(dirPath(d), new byte[0], ACL, -1, d + 1, ++zxid, time);
      }
      for (int i = 0; i < znodes; i++) {
        tree.createNode(nodePath(i), value(i, 0), ACL, -1, i % FANOUT + 1, ++zxid, ++time);
      }
    } catch (KeeperException e) {
      throw new IOException("building the data tree failed at zxid 0x" + Long.toHexString(zxid), e);
    }
    tree.lastProcessedZxid = zxid;
    long snapshotZxid = zxid;
    int[] versions = new int[znodes];
    int created = 0;
    File snapshot;
    FileTxnSnapLog snapLog = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
    try {
      snapshot = snapLog.save(tree, new ConcurrentHashMap<>(), true);
      for (int t = 0; t < txns; t++) {
        zxid++;
        time++;
        TxnHeader header;
        org.apache.jute.Record txn;
        if (t % 10 == 9) {
          header = new TxnHeader(SESSION, t, zxid, time, ZooDefs.OpCode.create);
          String path = "/bench/new-" + created;
          txn = new CreateTxn(path, value(znodes + created, 0), ACL, false, created + 1);
          created++;
        } else {
          int node = random.nextInt(znodes);
          int version = ++versions[node];
          header = new TxnHeader(SESSION, t, zxid, time, ZooDefs.OpCode.setData);
          txn = new SetDataTxn(nodePath(node), value(node, version), version);
        }
        tree.processTxn(header, txn);
        snapLog.append(
            new Request(header, txn, new TxnDigest(DIGEST_VERSION, tree.getTreeDigest())));
        if (t % 1000 == 999) {
          snapLog.commit();
        }
      }
      snapLog.commit();
    } finally {
      snapLog.close();
    }
    long dirBytes;
    try (var files = Files.walk(dataDir)) {
      dirBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    return new Result(
        dataDir,
        snapshot,
        snapshotZxid,
        zxid,
        tree.getNodeCount(),
        tree.approximateDataSize(),
        tree.getTreeDigest(),
        dirBytes);
  }

  private static String dirPath(int d) {
    return "/bench/d" + d;
  }

  private static String nodePath(int i) {
    return dirPath(i / FANOUT) + "/n" + i;
  }

  /** A service-registration-like JSON value of about {@code valueSize} bytes. */
  private byte[] value(int node, int version) {
    StringBuilder b = new StringBuilder(valueSize + 64);
    b.append("{\"service\":\"svc-")
        .append(node % 200)
        .append("\",\"id\":\"")
        .append(Long.toHexString(random.nextLong()))
        .append("\",\"host\":\"10.")
        .append(random.nextInt(256))
        .append('.')
        .append(random.nextInt(256))
        .append('.')
        .append(random.nextInt(256))
        .append("\",\"port\":")
        .append(1024 + random.nextInt(60000))
        .append(",\"version\":")
        .append(version)
        .append(",\"weight\":")
        .append(random.nextInt(100))
        .append(",\"zone\":\"zone-")
        .append((char) ('a' + random.nextInt(3)))
        .append("\",\"meta\":{");
    int field = 0;
    while (b.length() < valueSize - 40) {
      b.append("\"k")
          .append(field++)
          .append("\":\"")
          .append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36))
          .append("\",");
    }
    b.append("\"end\":true}}");
    byte[] bytes = b.toString().getBytes(StandardCharsets.US_ASCII);
    return bytes.length > valueSize ? java.util.Arrays.copyOf(bytes, valueSize) : bytes;
  }
}
