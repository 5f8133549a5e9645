package io.zkdr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileBlobStoreTest extends BlobStoreContract {
  private Path dir;
  private FileBlobStore store;

  @BeforeEach
  void setUp() throws IOException {
    dir = TestDirectories.create("file-store");
    store = new FileBlobStore(dir);
  }

  @AfterEach
  void tearDown() throws IOException {
    store.close();
    TestDirectories.delete(dir);
  }

  @Override
  BlobStore store() {
    return store;
  }

  @Test
  void uploadIsATemporaryFileUntilCommit() throws IOException {
    try (BlobStore.BlobUpload upload = store.create("d/obj")) {
      upload.stream().write(randomBytes(1000, 7));
      upload.stream().flush();
      List<Path> files = filesUnder(dir);
      assertEquals(1, files.size());
      assertTrue(files.get(0).getFileName().toString().endsWith(FileBlobStore.PARTIAL_SUFFIX));
      assertTrue(store.list("").isEmpty(), "a partial upload must not be listed");
      upload.commit();
    }
    assertEquals(List.of(dir.resolve("d/obj")), filesUnder(dir));
  }

  @Test
  void abandonedUploadRemovesItsTemporaryFile() throws IOException {
    try (BlobStore.BlobUpload upload = store.create("d/obj")) {
      upload.stream().write(randomBytes(1000, 8));
    }
    assertTrue(filesUnder(dir).isEmpty(), () -> "left: " + filesUnder(dir));
  }

  @Test
  void reservedSuffixAndEscapesAreRejected() {
    assertThrows(
        InvalidBlobKeyException.class, () -> store.create("x" + FileBlobStore.PARTIAL_SUFFIX));
    assertThrows(InvalidBlobKeyException.class, () -> store.open("a/../../etc/passwd"));
  }

  @Test
  void opensFromUri() throws IOException {
    try (BlobStore opened = BlobStores.open(dir.toUri())) {
      assertInstanceOf(FileBlobStore.class, opened);
      put(opened, "via/uri", new byte[] {1, 2, 3});
    }
    assertEquals(3, store.stat("via/uri").orElseThrow().size());
    assertThrows(
        IllegalArgumentException.class,
        () -> BlobStores.open(URI.create("ftp://host/x"), Map.of()));
  }

  private static List<Path> filesUnder(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
