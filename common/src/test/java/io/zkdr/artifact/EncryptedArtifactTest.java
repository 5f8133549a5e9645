package io.zkdr.artifact;

import static io.zkdr.artifact.ArtifactFixtures.metadata;
import static io.zkdr.artifact.ArtifactFixtures.mixedBytes;
import static io.zkdr.artifact.ArtifactFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.store.BlobStore;
import io.zkdr.store.FileBlobStore;
import io.zkdr.store.TestDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EncryptedArtifactTest {
  private static final int CHUNK = 8192;
  private static final byte[] MARKER =
      "zkdr-plaintext-marker-that-must-not-leak".getBytes(StandardCharsets.US_ASCII);

  private final ArtifactEncryption key = ArtifactEncryption.of("dr-key-1", keyBytes(1));
  private final ArtifactEncryption otherKeySameId = ArtifactEncryption.of("dr-key-1", keyBytes(2));
  private Path dir;
  private FileBlobStore store;
  private byte[] payload;

  @BeforeEach
  void setUp() throws IOException {
    dir = TestDirectories.create("artifact-encrypted");
    store = new FileBlobStore(dir);
    // Random bytes do not compress, so without encryption the marker would be stored verbatim.
    payload = new byte[5 * CHUNK + 77];
    new Random(5).nextBytes(payload);
    System.arraycopy(MARKER, 0, payload, CHUNK + 100, MARKER.length);
  }

  @AfterEach
  void tearDown() throws IOException {
    TestDirectories.delete(dir);
  }

  private static byte[] keyBytes(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return k;
  }

  private ArtifactManifest write(String prefix, ArtifactEncryption encryption) throws IOException {
    ArtifactWriter.Options options =
        ArtifactWriter.Options.defaults().withChunkSize(CHUNK).withEncryption(encryption);
    try (ArtifactWriter w = ArtifactWriter.create(store, prefix, options)) {
      try (OutputStream out = w.section("snapshot", "zk-snapshot")) {
        out.write(payload);
      }
      try (OutputStream out = w.section("txnlog", "zk-txnlog")) {
        out.write(mixedBytes(3 * CHUNK, 6));
      }
      return w.commit(metadata("enc-" + prefix));
    }
  }

  @Test
  void roundTripWithTheRightKey() throws IOException {
    ArtifactManifest m = write("enc", key);
    assertEquals("AES-256-GCM", m.encryption().algorithm());
    assertEquals("dr-key-1", m.encryption().keyId());
    try (ArtifactReader r = ArtifactReader.open(store, "enc", EncryptionKeyResolver.of(key))) {
      assertArrayEquals(payload, readAll(r.openSection("snapshot")));
      assertArrayEquals(mixedBytes(3 * CHUNK, 6), readAll(r.openSection("txnlog")));
      assertEquals(m.chunks().size(), r.verifyIntegrity().chunks());
    }
    String manifest = new String(readAll(store.open("enc/manifest.json")), StandardCharsets.UTF_8);
    assertFalse(manifest.contains(HexFormat.of().formatHex(keyBytes(1))), "key leaked");
  }

  @Test
  void plaintextNeverReachesTheStore() throws IOException {
    write("plain", null);
    write("enc", key);
    assertNull(ArtifactReader.readManifest(store, "plain").encryption());
    assertTrue(contains(readAll(store.open("plain/data.zkdr")), MARKER), "control: stored raw");
    assertFalse(contains(readAll(store.open("enc/data.zkdr")), MARKER), "plaintext leaked");
  }

  @Test
  void wrongOrMissingKeyIsAClearError() throws IOException {
    write("enc", key);
    IOException noResolver =
        assertThrows(IOException.class, () -> ArtifactReader.open(store, "enc"));
    assertTrue(
        noResolver.getMessage().contains("encrypted with key 'dr-key-1'"), noResolver.getMessage());

    IOException unknown =
        assertThrows(
            IOException.class,
            () ->
                ArtifactReader.open(
                    store,
                    "enc",
                    EncryptionKeyResolver.of(ArtifactEncryption.of("other", keyBytes(1)))));
    assertTrue(
        unknown.getMessage().contains("no encryption key with id 'dr-key-1'"),
        unknown.getMessage());

    try (ArtifactReader r =
        ArtifactReader.open(store, "enc", EncryptionKeyResolver.of(otherKeySameId))) {
      ArtifactCorruptException e = assertThrows(ArtifactCorruptException.class, r::verifyIntegrity);
      assertEquals(0, e.chunkIndex());
      assertTrue(e.getMessage().contains("AES-GCM authentication"), e.getMessage());
      assertThrows(ArtifactCorruptException.class, () -> readAll(r.openSection("snapshot")));
    }
  }

  @Test
  void swappedChunksFailAuthenticationEvenWithRecomputedChecksums() throws IOException {
    ArtifactManifest m = write("enc", key);
    ArtifactManifest.Chunk c1 = m.chunks().get(1);
    ArtifactManifest.Chunk c2 = m.chunks().get(2);
    assertEquals(c1.compressedLength(), c2.compressedLength(), "full random chunks, same size");
    byte[] data = readAll(store.open("enc/data.zkdr"));
    int len = c1.compressedLength();
    int p1 = (int) c1.offset() + DataFileFormat.CHUNK_HEADER_LENGTH;
    int p2 = (int) c2.offset() + DataFileFormat.CHUNK_HEADER_LENGTH;
    byte[] tmp = java.util.Arrays.copyOfRange(data, p1, p1 + len);
    System.arraycopy(data, p2, data, p1, len);
    System.arraycopy(tmp, 0, data, p2, len);
    // Rewrite both frame headers with the CRCs of their new payloads, as an attacker could.
    for (ArtifactManifest.Chunk c : new ArtifactManifest.Chunk[] {c1, c2}) {
      int p = (int) c.offset() + DataFileFormat.CHUNK_HEADER_LENGTH;
      int crc = DataFileFormat.crc(data, p, len);
      byte[] header = DataFileFormat.chunkHeader(c.index(), c.rawLength(), len, crc);
      System.arraycopy(header, 0, data, (int) c.offset(), header.length);
    }
    try (BlobStore.BlobUpload u = store.create("enc/data.zkdr")) {
      u.stream().write(data);
      u.commit();
    }
    try (ArtifactReader r = ArtifactReader.open(store, "enc", EncryptionKeyResolver.of(key))) {
      // The manifest still records the original CRCs: caught there first.
      ArtifactCorruptException e = assertThrows(ArtifactCorruptException.class, r::verifyIntegrity);
      assertEquals(1, e.chunkIndex());
    }
    // Now also swap the CRCs in the manifest and re-seal it: only authentication can tell.
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(readAll(store.open("enc/manifest.json")));
    var chunks = tree.get("chunks");
    long crc1 = chunks.get(1).get("crc32c").asLong();
    long crc2 = chunks.get(2).get("crc32c").asLong();
    ((com.fasterxml.jackson.databind.node.ObjectNode) chunks.get(1)).put("crc32c", crc2);
    ((com.fasterxml.jackson.databind.node.ObjectNode) chunks.get(2)).put("crc32c", crc1);
    tree.put("dataSha256", sha256(data));
    tree.put("manifestSha256", "0".repeat(64));
    try (BlobStore.BlobUpload u = store.create("enc/manifest.json")) {
      u.stream()
          .write(ManifestCodec.seal(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree)));
      u.commit();
    }
    try (ArtifactReader r = ArtifactReader.open(store, "enc", EncryptionKeyResolver.of(key))) {
      ArtifactCorruptException e = assertThrows(ArtifactCorruptException.class, r::verifyIntegrity);
      assertEquals(1, e.chunkIndex());
      assertTrue(e.getMessage().contains("AES-GCM authentication"), e.getMessage());
    }
  }

  @Test
  void multiSegmentChunksRoundTripAndATamperedSegmentIsCaught() throws IOException {
    byte[] big = new byte[3 * 256 * 1024 + 999];
    new Random(9).nextBytes(big);
    ArtifactWriter.Options options =
        ArtifactWriter.Options.defaults().withChunkSize(256 * 1024).withEncryption(key);
    ArtifactManifest m;
    try (ArtifactWriter w = ArtifactWriter.create(store, "segments", options)) {
      try (OutputStream out = w.section("snapshot", "zk-snapshot")) {
        out.write(big);
      }
      m = w.commit(metadata("segments"));
    }
    ArtifactManifest.Chunk c0 = m.chunks().get(0);
    // Four 64 KiB segments plus a little zstd framing: five tags.
    assertTrue(c0.compressedLength() > 256 * 1024 + 4 * ChunkCipher.TAG_BYTES, "" + c0);
    try (ArtifactReader r = ArtifactReader.open(store, "segments", EncryptionKeyResolver.of(key))) {
      assertArrayEquals(big, readAll(r.openSection("snapshot")));
    }
    // Flip a byte in the second segment and make every checksum agree again.
    byte[] data = readAll(store.open("segments/data.zkdr"));
    int at = (int) c0.offset() + DataFileFormat.CHUNK_HEADER_LENGTH + 70_000;
    data[at] ^= 1;
    int p = (int) c0.offset() + DataFileFormat.CHUNK_HEADER_LENGTH;
    int crc = DataFileFormat.crc(data, p, c0.compressedLength());
    byte[] header = DataFileFormat.chunkHeader(0, c0.rawLength(), c0.compressedLength(), crc);
    System.arraycopy(header, 0, data, (int) c0.offset(), header.length);
    try (BlobStore.BlobUpload u = store.create("segments/data.zkdr")) {
      u.stream().write(data);
      u.commit();
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(readAll(store.open("segments/manifest.json")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("chunks").get(0))
        .put("crc32c", Integer.toUnsignedLong(crc));
    tree.put("dataSha256", sha256(data));
    tree.put("manifestSha256", "0".repeat(64));
    try (BlobStore.BlobUpload u = store.create("segments/manifest.json")) {
      u.stream()
          .write(ManifestCodec.seal(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree)));
      u.commit();
    }
    try (ArtifactReader r = ArtifactReader.open(store, "segments", EncryptionKeyResolver.of(key))) {
      ArtifactCorruptException e = assertThrows(ArtifactCorruptException.class, r::verifyIntegrity);
      assertEquals(0, e.chunkIndex());
      assertTrue(e.getMessage().contains("AES-GCM authentication"), e.getMessage());
    }
  }

  private static String sha256(byte[] bytes) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
