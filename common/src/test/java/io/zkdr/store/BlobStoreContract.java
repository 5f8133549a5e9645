package io.zkdr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link BlobStore} must have; each implementation's test extends this. */
abstract class BlobStoreContract {

  /** The store under test; a fresh, empty one per test. */
  abstract BlobStore store();

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void put(BlobStore store, String key, byte[] bytes) throws IOException {
    try (BlobStore.BlobUpload upload = store.create(key)) {
      upload.stream().write(bytes);
      upload.commit();
    }
  }

  static byte[] get(BlobStore store, String key) throws IOException {
    try (InputStream in = store.open(key)) {
      return in.readAllBytes();
    }
  }

  @Test
  void putGetStatDelete() throws IOException {
    byte[] bytes = randomBytes(100_000, 1);
    put(store(), "a/b/object.bin", bytes);
    assertArrayEquals(bytes, get(store(), "a/b/object.bin"));
    assertEquals(100_000, store().stat("a/b/object.bin").orElseThrow().size());
    store().delete("a/b/object.bin");
    assertTrue(store().stat("a/b/object.bin").isEmpty());
    assertThrows(NoSuchFileException.class, () -> store().open("a/b/object.bin"));
    store().delete("a/b/object.bin"); // absent: not an error
  }

  @Test
  void emptyObject() throws IOException {
    put(store(), "empty", new byte[0]);
    assertEquals(0, store().stat("empty").orElseThrow().size());
    assertArrayEquals(new byte[0], get(store(), "empty"));
  }

  @Test
  void commitReplacesExistingObject() throws IOException {
    put(store(), "k", "old".getBytes(StandardCharsets.UTF_8));
    put(store(), "k", "new value".getBytes(StandardCharsets.UTF_8));
    assertEquals("new value", new String(get(store(), "k"), StandardCharsets.UTF_8));
  }

  @Test
  void rangeReads() throws IOException {
    byte[] bytes = randomBytes(10_000, 2);
    put(store(), "range", bytes);
    try (InputStream in = store().openRange("range", 1234, 100)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1234, 1334), in.readAllBytes());
    }
    try (InputStream in = store().openRange("range", 9_990, 10)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 9_990, 10_000), in.readAllBytes());
    }
    try (InputStream in = store().openRange("range", 0, 0)) {
      assertEquals(0, in.readAllBytes().length);
    }
    // Past the end the range is clipped, as S3 does.
    try (InputStream in = store().openRange("range", 9_000, 5_000)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 9_000, 10_000), in.readAllBytes());
    }
    assertThrows(NoSuchFileException.class, () -> store().openRange("missing", 0, 10));
    assertThrows(java.io.EOFException.class, () -> store().openRange("range", 20_000, 10).close());
  }

  @Test
  void listIsSortedAndFilteredByPrefix() throws IOException {
    for (String key : List.of("x/2", "x/10", "x/1", "y/1", "x1", "x/sub/3")) {
      put(store(), key, key.getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(
        List.of("x/1", "x/10", "x/2", "x/sub/3"),
        store().list("x/").stream().map(BlobStore.BlobInfo::key).toList());
    assertEquals(
        List.of("x/1", "x/10", "x/2", "x/sub/3", "x1"),
        store().list("x").stream().map(BlobStore.BlobInfo::key).toList());
    assertEquals(6, store().list("").size());
    assertEquals(7, store().list("x/sub/3").get(0).size());
    assertTrue(store().list("nothing/").isEmpty());
  }

  @Test
  void closeWithoutCommitLeavesNothing() throws IOException {
    try (BlobStore.BlobUpload upload = store().create("dir/abandoned")) {
      upload.stream().write(randomBytes(50_000, 3));
      upload.stream().flush();
      assertTrue(store().stat("dir/abandoned").isEmpty());
    }
    assertTrue(store().stat("dir/abandoned").isEmpty());
    assertTrue(store().list("").isEmpty(), () -> "left behind: " + listKeys());
  }

  @Test
  void exceptionMidStreamLeavesNothing() throws IOException {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (BlobStore.BlobUpload upload = store().create("dir/failed")) {
                OutputStream out = upload.stream();
                out.write(randomBytes(20_000, 4));
                throw new IllegalStateException("source failed");
              }
            });
    assertEquals("source failed", failure.getMessage());
    assertTrue(store().list("").isEmpty(), () -> "left behind: " + listKeys());
  }

  @Test
  void abandonedUploadDoesNotHideOrDamageTheCommittedObject() throws IOException {
    put(store(), "stable", "committed".getBytes(StandardCharsets.UTF_8));
    try (BlobStore.BlobUpload upload = store().create("stable")) {
      upload.stream().write(randomBytes(30_000, 5));
    }
    assertEquals("committed", new String(get(store(), "stable"), StandardCharsets.UTF_8));
  }

  @Test
  void writesAfterCommitAreRefused() throws IOException {
    try (BlobStore.BlobUpload upload = store().create("once")) {
      upload.stream().write(1);
      upload.commit();
      assertThrows(IOException.class, () -> upload.stream().write(2));
      assertThrows(IOException.class, upload::commit);
    }
    assertEquals(1, store().stat("once").orElseThrow().size());
  }

  @Test
  void badKeysAreRejected() {
    for (String key : List.of("", "/abs", "../up", "a/../../b", "a//b", "a/./b", "dir/", "a\\b")) {
      InvalidBlobKeyException e =
          assertThrows(InvalidBlobKeyException.class, () -> store().create(key), key);
      assertTrue(e.getMessage().contains("invalid blob key"), e.getMessage());
    }
  }

  private List<String> listKeys() {
    try {
      return store().list("").stream().map(BlobStore.BlobInfo::key).toList();
    } catch (IOException e) {
      return List.of("<list failed: " + e + ">");
    }
  }
}
