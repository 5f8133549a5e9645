package io.zkdr.controller.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;

class CheckpointSnapshotStorageTest {

  @Test
  void oldSnapshotsAreDeletedOnTheBackgroundExecutorNotTheCallingThread() throws Exception {
    Path dir =
        Path.of(
            System.getProperty("zkdr.test.tmp", "target/test-tmp"),
            "snapshots-" + UUID.randomUUID());
    Files.createDirectories(dir);
    List<Runnable> queued = new ArrayList<>();
    CheckpointSnapshotStorage storage = new CheckpointSnapshotStorage(queued::add);
    try (RaftStorage raftStorage =
        RaftStorage.newBuilder()
            .setDirectory(dir.toFile())
            .setOption(RaftStorage.StartupOption.RECOVER)
            .setStorageFreeSpaceMin(SizeInBytes.ONE_MB)
            .setLogCorruptionPolicy(RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION)
            .build()) {
      raftStorage.initialize();
      storage.init(raftStorage);
      for (long index : new long[] {100, 200, 300}) {
        storage.create(
            TermIndex.valueOf(1, index),
            target -> {
              Files.createDirectories(target);
              Files.writeString(target.resolve("CURRENT"), "checkpoint " + index);
            });
      }
      assertEquals(TermIndex.valueOf(1, 300), storage.getLatestSnapshot().getTermIndex());

      storage.cleanupOldSnapshots(
          new SnapshotRetentionPolicy() {
            @Override
            public int getNumSnapshotsRetained() {
              return 2;
            }
          });
      assertEquals(3, snapshotNames(storage).size(), "nothing deleted on the calling thread");
      assertEquals(1, queued.size(), "the deletion was handed to the background executor");

      queued.get(0).run();
      assertEquals(List.of("snapshot.1_200", "snapshot.1_300"), snapshotNames(storage));
      assertTrue(Files.exists(storage.latestDir().resolve("CURRENT")), "the latest is kept intact");
    }
  }

  private static List<String> snapshotNames(CheckpointSnapshotStorage storage) throws IOException {
    try (Stream<Path> s = Files.list(storage.getSnapshotDir().toPath())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
