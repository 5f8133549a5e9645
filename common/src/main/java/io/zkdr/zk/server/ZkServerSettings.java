package io.zkdr.zk.server;

import io.zkdr.zk.snapshot.SnapshotCompression;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings shared by every member the launcher starts. Digests are always on: zkdr proves backups
 * equal to the ensemble with them.
 *
 * @param tickTimeMs ZooKeeper's basic time unit
 * @param initLimit ticks a follower may take to connect and sync
 * @param syncLimit ticks a follower may lag
 * @param snapCount transactions between snapshots (ZooKeeper randomises within [n/2, n])
 * @param preAllocSizeKb transaction log preallocation block
 * @param txnLogSizeLimitKb roll the log past this size; 0 leaves ZooKeeper's default (no limit)
 * @param snapshotCompression how snapshots are written
 * @param adminServerEnabled start the Jetty AdminServer; off by default because the classpath may
 *     carry a Jetty the server cannot use
 * @param juteMaxBuffer largest record (znode data, txn) the server accepts, in bytes
 * @param maxHeapMb {@code -Xmx} of the server JVM
 * @param classpath classpath of the server JVM; {@code null} means the current JVM's
 * @param extraConfig additional {@code zoo.cfg} lines
 * @param extraJvmArgs additional JVM arguments
 */
public record ZkServerSettings(
    int tickTimeMs,
    int initLimit,
    int syncLimit,
    int snapCount,
    int preAllocSizeKb,
    int txnLogSizeLimitKb,
    SnapshotCompression snapshotCompression,
    boolean adminServerEnabled,
    int juteMaxBuffer,
    int maxHeapMb,
    String classpath,
    Map<String, String> extraConfig,
    List<String> extraJvmArgs) {

  public ZkServerSettings {
    Objects.requireNonNull(snapshotCompression, "snapshotCompression");
    extraConfig = Map.copyOf(extraConfig);
    extraJvmArgs = List.copyOf(extraJvmArgs);
  }

  /** ZooKeeper's production defaults, with the admin server off. */
  public static ZkServerSettings defaults() {
    return new ZkServerSettings(
        2000,
        10,
        5,
        100_000,
        65_536,
        0,
        SnapshotCompression.NONE,
        false,
        0xfffff,
        512,
        null,
        Map.of(),
        List.of());
  }

  public ZkServerSettings withTiming(int tickTimeMs, int initLimit, int syncLimit) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        adminServerEnabled,
        juteMaxBuffer,
        maxHeapMb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  public ZkServerSettings withSnapCount(int snapCount) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        adminServerEnabled,
        juteMaxBuffer,
        maxHeapMb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  public ZkServerSettings withLogSizes(int preAllocSizeKb, int txnLogSizeLimitKb) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        adminServerEnabled,
        juteMaxBuffer,
        maxHeapMb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  public ZkServerSettings withSnapshotCompression(SnapshotCompression compression) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        compression,
        adminServerEnabled,
        juteMaxBuffer,
        maxHeapMb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  public ZkServerSettings withAdminServer(boolean enabled) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        enabled,
        juteMaxBuffer,
        maxHeapMb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  public ZkServerSettings withJuteMaxBuffer(int bytes) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        adminServerEnabled,
        bytes,
        maxHeapMb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  public ZkServerSettings withMaxHeapMb(int mb) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        adminServerEnabled,
        juteMaxBuffer,
        mb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  public ZkServerSettings withClasspath(String classpath) {
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        adminServerEnabled,
        juteMaxBuffer,
        maxHeapMb,
        classpath,
        extraConfig,
        extraJvmArgs);
  }

  /** Adds one {@code zoo.cfg} line (replacing an earlier value of the same key). */
  public ZkServerSettings withConfig(String key, String value) {
    Map<String, String> config = new LinkedHashMap<>(extraConfig);
    config.put(key, value);
    return new ZkServerSettings(
        tickTimeMs,
        initLimit,
        syncLimit,
        snapCount,
        preAllocSizeKb,
        txnLogSizeLimitKb,
        snapshotCompression,
        adminServerEnabled,
        juteMaxBuffer,
        maxHeapMb,
        classpath,
        config,
        extraJvmArgs);
  }

  /** The classpath the server JVM runs with. */
  public String effectiveClasspath() {
    return classpath != null ? classpath : System.getProperty("java.class.path");
  }
}
