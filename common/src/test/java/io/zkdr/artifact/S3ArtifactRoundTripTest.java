package io.zkdr.artifact;

import static io.zkdr.artifact.ArtifactFixtures.metadata;
import static io.zkdr.artifact.ArtifactFixtures.mixedBytes;
import static io.zkdr.artifact.ArtifactFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.store.BlobStore;
import io.zkdr.store.BlobStores;
import io.zkdr.store.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The artifact format over a real S3 endpoint (S3Proxy): multipart data, range-read sections. */
class S3ArtifactRoundTripTest {
  private static S3ProxyServer server;
  private static BlobStore store;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start("zkdr-artifacts");
    Map<String, String> options = new HashMap<>(server.credentials());
    options.put("partSize", String.valueOf(5 * 1024 * 1024));
    store = BlobStores.open(server.storeUri("region-a"), options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void multipartArtifactRoundTrip() throws IOException {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    sections.put("snapshot", mixedBytes(11 * 1024 * 1024 + 3, 1));
    sections.put("txnlog", mixedBytes(2 * 1024 * 1024 + 5, 2));
    String prefix = "artifacts/payments-zk/0000000100000a2f-full";
    ArtifactManifest written;
    try (ArtifactWriter w =
        ArtifactWriter.create(
            store, prefix, ArtifactWriter.Options.defaults().withChunkSize(1024 * 1024))) {
      for (Map.Entry<String, byte[]> s : sections.entrySet()) {
        try (OutputStream out = w.section(s.getKey(), "zk-" + s.getKey())) {
          out.write(s.getValue());
        }
      }
      written = w.commit(metadata("s3-full"));
    }
    // Mixed data compresses about 2:1, so data.zkdr spans more than one 5 MiB part.
    assertTrue(written.dataLength() > 5 * 1024 * 1024, "dataLength " + written.dataLength());
    assertEquals(written, ArtifactReader.readManifest(store, prefix));
    try (ArtifactReader r = ArtifactReader.open(store, prefix)) {
      assertArrayEquals(sections.get("txnlog"), readAll(r.openSection("txnlog")));
      assertArrayEquals(sections.get("snapshot"), readAll(r.openSection("snapshot")));
      assertEquals(written.dataSha256(), r.verifyIntegrity().dataSha256());
    }
  }

  @Test
  void abandonedArtifactLeavesNothingInTheBucket() throws IOException {
    String prefix = "artifacts/payments-zk/abandoned";
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (ArtifactWriter w =
              ArtifactWriter.create(store, prefix, ArtifactWriter.Options.defaults())) {
            try (OutputStream out = w.section("snapshot", "zk-snapshot")) {
              out.write(mixedBytes(12 * 1024 * 1024, 3));
              throw new IllegalStateException("snapshot source failed");
            }
          }
        });
    assertTrue(store.list(prefix + "/").isEmpty(), () -> "left: " + listQuietly(prefix));
    assertThrows(ArtifactIncompleteException.class, () -> ArtifactReader.open(store, prefix));
  }

  @Test
  void emptySectionOverS3() throws IOException {
    String prefix = "artifacts/payments-zk/empty";
    try (ArtifactWriter w =
        ArtifactWriter.create(store, prefix, ArtifactWriter.Options.defaults())) {
      w.section("txnlog", "zk-txnlog").close();
      w.commit(metadata("s3-empty"));
    }
    try (ArtifactReader r = ArtifactReader.open(store, prefix);
        InputStream in = r.openSection("txnlog")) {
      assertEquals(-1, in.read());
      assertEquals(0, r.verifyIntegrity().chunks());
    }
  }

  private static Object listQuietly(String prefix) {
    try {
      return store.list(prefix);
    } catch (IOException e) {
      return e;
    }
  }
}
