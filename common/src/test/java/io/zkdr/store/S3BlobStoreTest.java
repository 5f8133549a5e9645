package io.zkdr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3BlobStoreTest extends BlobStoreContract {
  private static final int PART = S3BlobStoreConfig.MIN_PART_SIZE;

  private static S3ProxyServer server;
  private static S3Client raw;
  private S3BlobStore store;
  private String keyPrefix;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start("zkdr-test");
    raw =
        S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
            .build();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openStore() {
    keyPrefix = "t-" + UUID.randomUUID();
    store = open(Map.of("partSize", String.valueOf(PART)));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private S3BlobStore open(Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(server.credentials());
    options.putAll(extra);
    return S3BlobStore.open(server.storeUri(keyPrefix), options);
  }

  @Override
  BlobStore store() {
    return store;
  }

  @Test
  void multipartUploadRoundTrip() throws IOException {
    byte[] bytes = randomBytes(2 * PART + 12_345, 11);
    try (BlobStore.BlobUpload upload = store.create("big/object")) {
      OutputStream out = upload.stream();
      // Odd write sizes so part boundaries fall inside writes.
      for (int off = 0; off < bytes.length; off += 777_777) {
        out.write(bytes, off, Math.min(777_777, bytes.length - off));
      }
      upload.commit();
    }
    assertEquals(bytes.length, store.stat("big/object").orElseThrow().size());
    assertArrayEquals(bytes, get(store, "big/object"));
    try (InputStream in = store.openRange("big/object", PART - 10, 20)) {
      assertArrayEquals(
          java.util.Arrays.copyOfRange(bytes, PART - 10, PART + 10), in.readAllBytes());
    }
    assertTrue(pendingMultipartUploads().isEmpty());
  }

  @Test
  void abandonedMultipartUploadIsAbortedAndInvisible() throws IOException {
    try (BlobStore.BlobUpload upload = store.create("big/abandoned")) {
      upload.stream().write(randomBytes(PART + 1000, 12)); // one part uploaded
      assertEquals(1, pendingMultipartUploads().size());
    }
    assertTrue(store.stat("big/abandoned").isEmpty());
    assertTrue(store.list("").isEmpty());
    assertTrue(
        pendingMultipartUploads().isEmpty(), () -> "still pending: " + pendingMultipartUploads());
  }

  @Test
  void failureMidMultipartLeavesNothing() {
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (BlobStore.BlobUpload upload = store.create("big/failed")) {
            upload.stream().write(randomBytes(2 * PART + 1, 13));
            throw new IllegalStateException("source failed");
          }
        });
    assertTrue(pendingMultipartUploads().isEmpty());
    assertTrue(
        raw.listObjectsV2(b -> b.bucket(server.bucket()).prefix(keyPrefix)).contents().isEmpty());
  }

  @Test
  void listPaginates() throws IOException {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String key = String.format("many/%03d", i);
      keys.add(key);
      put(store, key, new byte[] {(byte) i});
    }
    try (S3BlobStore paged = open(Map.of("listPageSize", "7"))) {
      assertEquals(keys, paged.list("many/").stream().map(BlobStore.BlobInfo::key).toList());
    }
  }

  @Test
  void keysLiveUnderTheStorePrefix() throws IOException {
    put(store, "a/b", new byte[] {1});
    assertEquals(
        List.of(keyPrefix + "/a/b"),
        raw.listObjectsV2(b -> b.bucket(server.bucket()).prefix(keyPrefix)).contents().stream()
            .map(o -> o.key())
            .toList());
  }

  @Test
  void opensFromUriAndRejectsBadOptions() throws IOException {
    try (BlobStore opened = BlobStores.open(server.storeUri(keyPrefix), server.credentials())) {
      assertInstanceOf(S3BlobStore.class, opened);
      put(opened, "via/uri", new byte[] {1, 2, 3});
    }
    assertEquals(3, store.stat("via/uri").orElseThrow().size());
    assertThrows(
        IllegalArgumentException.class,
        () -> BlobStores.open(server.storeUri(keyPrefix), Map.of("partsize", "1")));
    assertThrows(
        IllegalArgumentException.class,
        () -> BlobStores.open(server.storeUri(keyPrefix), Map.of("partSize", "1024")));
    assertThrows(
        IllegalArgumentException.class,
        () -> BlobStores.open(URI.create("s3:///nobucket"), Map.of()));
  }

  private List<String> pendingMultipartUploads() {
    return raw
        .listMultipartUploads(b -> b.bucket(server.bucket()).prefix(keyPrefix))
        .uploads()
        .stream()
        .map(u -> u.key() + "#" + u.uploadId())
        .toList();
  }
}
