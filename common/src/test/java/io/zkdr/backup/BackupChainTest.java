package io.zkdr.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactMetadata;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.store.FileBlobStore;
import io.zkdr.testing.TestDirs;
import io.zkdr.zk.ZxidRange;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chain logic over small artifacts holding only manifests' facts. */
class BackupChainTest {

  private static ChainLink artifact(
      FileBlobStore store, String id, ArtifactKind kind, long from, long to) throws IOException {
    try (ArtifactWriter w =
        ArtifactWriter.create(store, "c/" + id, ArtifactWriter.Options.defaults().withThreads(1))) {
      w.section(BackupSections.TXNLOG, BackupSections.TXNLOG_FORMAT).close();
      w.commit(
          ArtifactMetadata.builder(id, "zk", kind)
              .fromZxid(from)
              .toZxid(to)
              .restorableFromZxid(kind == ArtifactKind.FULL ? from + 2 : from)
              .sourceMember("1@h")
              .build());
    }
    return ChainLink.read(store, "c/" + id);
  }

  @Test
  void overlapsExtendAndGapsStopTheChain() throws IOException {
    FileBlobStore store = new FileBlobStore(TestDirs.create("chain"));
    ChainLink full = artifact(store, "f", ArtifactKind.FULL, 0x10, 0x20);
    ChainLink a = artifact(store, "a", ArtifactKind.INCREMENTAL, 0x20, 0x30);
    ChainLink overlap = artifact(store, "b", ArtifactKind.INCREMENTAL, 0x25, 0x40);
    ChainLink covered = artifact(store, "c", ArtifactKind.INCREMENTAL, 0x28, 0x30);
    ChainLink beyond = artifact(store, "d", ArtifactKind.INCREMENTAL, 0x50, 0x60);

    BackupChain ok = BackupChain.of(full, List.of(overlap, a, covered));
    assertTrue(ok.contiguous());
    assertEquals(List.of(full, a, overlap), ok.links());
    assertEquals(new ZxidRange(0x12, 0x40), ok.reachable());

    BackupChain gapped = BackupChain.of(full, List.of(beyond, a, overlap));
    assertFalse(gapped.contiguous());
    assertEquals(List.of(new ZxidRange(0x41, 0x50)), gapped.gaps());
    assertEquals(List.of(beyond), gapped.unreachable());
    assertEquals(0x40, gapped.endZxid());
    assertTrue(gapped.describe().contains("gap [0x41..0x50]"), gapped.describe());

    assertThrows(IllegalArgumentException.class, () -> BackupChain.of(a, List.of()));
    assertThrows(IllegalArgumentException.class, () -> BackupChain.of(full, List.of(full)));
  }
}
