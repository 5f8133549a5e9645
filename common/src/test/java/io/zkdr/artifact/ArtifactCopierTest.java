package io.zkdr.artifact;

import static io.zkdr.artifact.ArtifactFixtures.metadata;
import static io.zkdr.artifact.ArtifactFixtures.mixedBytes;
import static io.zkdr.artifact.ArtifactFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.store.BlobStore;
import io.zkdr.store.FileBlobStore;
import io.zkdr.store.TestDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArtifactCopierTest {
  private static final ArtifactWriter.Options OPTIONS =
      ArtifactWriter.Options.defaults().withChunkSize(64 * 1024);

  private Path dir;
  private FileBlobStore primary;
  private FileBlobStore standby;
  private final byte[] snapshot = mixedBytes(300_000, 1);

  @BeforeEach
  void setUp() throws IOException {
    dir = TestDirectories.create("artifact-copy");
    primary = new FileBlobStore(dir.resolve("us-east"));
    standby = new FileBlobStore(dir.resolve("eu-west"));
    write(primary, "a/full-1", "full-1", snapshot);
  }

  @AfterEach
  void tearDown() throws IOException {
    TestDirectories.delete(dir);
  }

  private static void write(BlobStore store, String prefix, String id, byte[] bytes)
      throws IOException {
    try (ArtifactWriter w = ArtifactWriter.create(store, prefix, OPTIONS)) {
      try (OutputStream out = w.section("snapshot", "zk-snapshot")) {
        out.write(bytes);
      }
      w.commit(metadata(id));
    }
  }

  @Test
  void copyIsByteIdenticalAndVerifies() throws IOException {
    ArtifactManifest m = ArtifactCopier.copy(primary, "a/full-1", standby, "b/full-1");
    assertEquals(ArtifactReader.readManifest(primary, "a/full-1"), m);
    assertArrayEquals(
        readAll(primary.open("a/full-1/manifest.json")),
        readAll(standby.open("b/full-1/manifest.json")));
    try (ArtifactReader r = ArtifactReader.open(standby, "b/full-1")) {
      assertEquals(m.dataSha256(), r.verifyIntegrity().dataSha256());
      assertArrayEquals(snapshot, readAll(r.openSection("snapshot")));
    }
    // A retry finds the same artifact and does nothing.
    assertEquals(m, ArtifactCopier.copy(primary, "a/full-1", standby, "b/full-1"));
  }

  @Test
  void differentArtifactAtTheDestinationIsNotOverwritten() throws IOException {
    write(standby, "b/full-1", "other", mixedBytes(1000, 2));
    assertThrows(
        FileAlreadyExistsException.class,
        () -> ArtifactCopier.copy(primary, "a/full-1", standby, "b/full-1"));
    assertEquals("other", ArtifactReader.readManifest(standby, "b/full-1").artifactId());
  }

  @Test
  void corruptSourceIsRefusedAndLeavesNothing() throws IOException {
    byte[] data = readAll(primary.open("a/full-1/data.zkdr"));
    data[data.length / 2] ^= 1;
    try (BlobStore.BlobUpload u = primary.create("a/full-1/data.zkdr")) {
      u.stream().write(data);
      u.commit();
    }
    ArtifactCorruptException e =
        assertThrows(
            ArtifactCorruptException.class,
            () -> ArtifactCopier.copy(primary, "a/full-1", standby, "b/full-1"));
    assertTrue(e.getMessage().contains("copy refused"), e.getMessage());
    assertTrue(standby.list("").isEmpty());
  }

  @Test
  void incompleteSourceIsRefused() throws IOException {
    primary.delete("a/full-1/manifest.json");
    assertThrows(
        ArtifactIncompleteException.class,
        () -> ArtifactCopier.copy(primary, "a/full-1", standby, "b/full-1"));
    assertTrue(standby.list("").isEmpty());
  }
}
