package io.zkdr.artifact;

import static io.zkdr.artifact.ArtifactFixtures.metadata;
import static io.zkdr.artifact.ArtifactFixtures.mixedBytes;
import static io.zkdr.artifact.ArtifactFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkdr.store.BlobStore;
import io.zkdr.store.FileBlobStore;
import io.zkdr.store.TestDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damages a good artifact in every region and checks that the damage is reported precisely and that
 * no read ever returns wrong bytes.
 */
class ArtifactCorruptionTest {
  private static final int CHUNK = 4096;
  private static final String GOOD = "good";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path dir;
  private static FileBlobStore store;
  private static final Map<String, byte[]> SECTIONS = new LinkedHashMap<>();
  private static ArtifactManifest manifest;
  private static byte[] data;
  private static byte[] manifestJson;
  private static final AtomicInteger COPIES = new AtomicInteger();

  @BeforeAll
  static void writeGoodArtifact() throws IOException {
    dir = TestDirectories.create("artifact-corruption");
    store = new FileBlobStore(dir);
    SECTIONS.put("snapshot", mixedBytes(3 * CHUNK + 100, 1));
    SECTIONS.put("txnlog", mixedBytes(2 * CHUNK, 2));
    try (ArtifactWriter w =
        ArtifactWriter.create(
            store, GOOD, ArtifactWriter.Options.defaults().withChunkSize(CHUNK).withThreads(2))) {
      for (Map.Entry<String, byte[]> s : SECTIONS.entrySet()) {
        try (OutputStream out = w.section(s.getKey(), "zk-" + s.getKey())) {
          out.write(s.getValue());
        }
      }
      manifest = w.commit(metadata("corruption-base"));
    }
    data = readAll(store.open(ArtifactKeys.data(GOOD)));
    manifestJson = readAll(store.open(ArtifactKeys.manifest(GOOD)));
    assertEquals(6, manifest.chunks().size());
  }

  @AfterAll
  static void cleanUp() throws IOException {
    TestDirectories.delete(dir);
  }

  @Test
  void everyFileHeaderByte() throws IOException {
    for (int i = 0; i < DataFileFormat.FILE_HEADER_LENGTH; i++) {
      ArtifactCorruptException e = assertCorrupt(copyWithData(flip(i)), -1);
      assertTrue(e.getMessage().contains("file"), e.getMessage());
      assertTrue(e.offset() >= 0 && e.offset() < DataFileFormat.FILE_HEADER_LENGTH, e.getMessage());
    }
  }

  @Test
  void everyChunkHeaderByte() throws IOException {
    ArtifactManifest.Chunk chunk = manifest.chunks().get(2);
    for (int i = 0; i < DataFileFormat.CHUNK_HEADER_LENGTH; i++) {
      ArtifactCorruptException e = assertCorrupt(copyWithData(flip((int) chunk.offset() + i)), 2);
      assertEquals(chunk.offset(), e.offset(), e.getMessage());
    }
  }

  @Test
  void chunkBytes() throws IOException {
    for (int c = 0; c < manifest.chunks().size(); c++) {
      ArtifactManifest.Chunk chunk = manifest.chunks().get(c);
      long start = chunk.offset() + DataFileFormat.CHUNK_HEADER_LENGTH;
      for (long at :
          new long[] {
            start, start + chunk.compressedLength() / 2, start + chunk.compressedLength() - 1
          }) {
        ArtifactCorruptException e = assertCorrupt(copyWithData(flip((int) at)), c);
        assertTrue(e.getMessage().contains("CRC32C of compressed bytes expected"), e.getMessage());
        assertEquals(start, e.offset());
      }
    }
  }

  @Test
  void everyEndFrameByte() throws IOException {
    int end = data.length - DataFileFormat.END_FRAME_LENGTH;
    for (int i = end; i < data.length; i++) {
      ArtifactCorruptException e = assertCorrupt(copyWithData(flip(i)), -1);
      assertTrue(e.getMessage().contains("end frame"), e.getMessage());
      assertEquals(end, e.offset());
    }
  }

  @Test
  void everyManifestByte() throws IOException {
    for (int i = 0; i < manifestJson.length; i++) {
      byte[] json = manifestJson.clone();
      json[i] ^= 0x01;
      int at = i;
      // The codec is what readManifest applies to the stored bytes; checked through a store below.
      assertThrows(
          ArtifactCorruptException.class,
          () -> ManifestCodec.read(json, "flip-" + at),
          "flip at manifest byte " + i);
    }
    byte[] json = manifestJson.clone();
    json[json.length / 2] ^= 0x01;
    String prefix = copy(data, json);
    ArtifactCorruptException e =
        assertThrows(ArtifactCorruptException.class, () -> ArtifactReader.open(store, prefix));
    assertTrue(e.getMessage().contains("manifest"), e.getMessage());
  }

  @Test
  void truncationAtSeveralPoints() throws IOException {
    ArtifactManifest.Chunk c3 = manifest.chunks().get(3);
    long[] cuts = {
      0,
      10,
      DataFileFormat.FILE_HEADER_LENGTH,
      c3.offset() + 5,
      c3.offset() + 30,
      data.length - DataFileFormat.END_FRAME_LENGTH,
      data.length - 1
    };
    for (long cut : cuts) {
      String prefix = copyWithData(d -> Arrays.copyOf(d, (int) cut));
      ArtifactCorruptException e =
          assertThrows(
              ArtifactCorruptException.class,
              () -> ArtifactReader.open(store, prefix),
              "cut at " + cut);
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      assertEquals(cut, e.offset());
      if (cut == c3.offset() + 5 || cut == c3.offset() + 30) {
        assertEquals(3, e.chunkIndex(), e.getMessage());
      }
    }
  }

  @Test
  void missingChunkFrame() throws IOException {
    ArtifactManifest.Chunk c2 = manifest.chunks().get(2);
    int from = (int) c2.offset();
    int to = from + DataFileFormat.CHUNK_HEADER_LENGTH + c2.compressedLength();
    UnaryOperator<byte[]> removeFrame =
        d -> {
          byte[] r = new byte[d.length - (to - from)];
          System.arraycopy(d, 0, r, 0, from);
          System.arraycopy(d, to, r, from, d.length - to);
          return r;
        };
    String shorter = copyWithData(removeFrame);
    assertThrows(ArtifactCorruptException.class, () -> ArtifactReader.open(store, shorter));
    // Same length as the original (padding at the end): the frame check itself finds the gap.
    String padded = copyWithData(d -> Arrays.copyOf(removeFrame.apply(d), d.length));
    // A section starting at a later chunk reads shifted bytes there and reports that chunk.
    ArtifactCorruptException e = assertCorrupt(padded, 2, false);
    assertTrue(e.getMessage().contains("a chunk is missing"), e.getMessage());
  }

  @Test
  void manifestThatDisagreesWithTheData() throws IOException {
    ArtifactCorruptException crc =
        assertCorrupt(
            copyWithManifest(m -> ((ObjectNode) m.get("chunks").get(1)).put("crc32c", 12345)), 1);
    assertTrue(crc.getMessage().contains("frame and manifest disagree"), crc.getMessage());

    ArtifactCorruptException sha =
        assertCorrupt(copyWithManifest(m -> m.put("dataSha256", "ab".repeat(32))), -1);
    assertTrue(sha.getMessage().contains("SHA-256 of data.zkdr expected"), sha.getMessage());

    String lengths =
        copyWithManifest(m -> ((ObjectNode) m.get("chunks").get(0)).put("compressedLength", 7));
    ArtifactCorruptException layout =
        assertThrows(ArtifactCorruptException.class, () -> ArtifactReader.open(store, lengths));
    assertTrue(
        layout.getMessage().contains("manifest puts the chunk at offset"), layout.getMessage());

    String sections =
        copyWithManifest(m -> ((ObjectNode) m.get("sections").get(1)).put("rawLength", 5));
    ArtifactCorruptException sec =
        assertThrows(ArtifactCorruptException.class, () -> ArtifactReader.open(store, sections));
    assertTrue(sec.getMessage().contains("sections cover"), sec.getMessage());
  }

  @Test
  void manifestFromAnotherArtifactIsCaught() throws IOException {
    Map<String, byte[]> other = new LinkedHashMap<>();
    other.put("snapshot", mixedBytes(3 * CHUNK + 100, 99));
    other.put("txnlog", mixedBytes(2 * CHUNK, 98));
    String otherPrefix = "other";
    try (ArtifactWriter w =
        ArtifactWriter.create(
            store, otherPrefix, ArtifactWriter.Options.defaults().withChunkSize(CHUNK))) {
      for (Map.Entry<String, byte[]> s : other.entrySet()) {
        try (OutputStream out = w.section(s.getKey(), "x")) {
          out.write(s.getValue());
        }
      }
      w.commit(metadata("other"));
    }
    byte[] otherData = readAll(store.open(ArtifactKeys.data(otherPrefix)));
    if (otherData.length != data.length) {
      // Different lengths: caught when opening.
      String prefix = copy(otherData, manifestJson);
      assertThrows(ArtifactCorruptException.class, () -> ArtifactReader.open(store, prefix));
    } else {
      assertCorrupt(copy(otherData, manifestJson), 0);
    }
  }

  @Test
  void strictManifestParsing() throws IOException {
    assertManifestError(m -> m.put("extra", 1), "unknown field 'extra'");
    assertManifestError(m -> m.put("formatVersion", 2), "formatVersion 2 is not supported");
    assertManifestError(m -> m.remove("dbId"), "does not match formatVersion 1");
    assertManifestError(m -> m.put("toZxid", 4096), "must be a hex string");
    assertManifestError(m -> m.put("toZxid", "4096"), "hex string");
    assertManifestError(
        m -> ((ObjectNode) m.get("compression")).put("codec", "gzip"), "codec 'gzip'");
    assertManifestError(m -> ((ObjectNode) m.get("digest")).put("bits", 1), "unknown field 'bits'");
  }

  private void assertManifestError(Consumer<ObjectNode> edit, String fragment) throws IOException {
    String prefix = copyWithManifest(edit);
    ArtifactCorruptException e =
        assertThrows(
            ArtifactCorruptException.class, () -> ArtifactReader.readManifest(store, prefix));
    assertTrue(e.getMessage().contains(fragment), () -> fragment + " not in: " + e.getMessage());
  }

  /**
   * The artifact must be reported corrupt by {@link ArtifactReader#verifyIntegrity()} with the
   * given chunk index, and section reads must either fail the same way or return the right bytes.
   */
  private static ArtifactCorruptException assertCorrupt(String prefix, int chunkIndex)
      throws IOException {
    return assertCorrupt(prefix, chunkIndex, true);
  }

  private static ArtifactCorruptException assertCorrupt(
      String prefix, int chunkIndex, boolean sectionsSeeSameChunk) throws IOException {
    ArtifactCorruptException e;
    try (ArtifactReader r = ArtifactReader.open(store, prefix)) {
      e = assertThrows(ArtifactCorruptException.class, r::verifyIntegrity, prefix);
      for (Map.Entry<String, byte[]> s : SECTIONS.entrySet()) {
        try {
          assertArrayEquals(
              s.getValue(), readAll(r.openSection(s.getKey())), "wrong bytes from " + s.getKey());
        } catch (ArtifactCorruptException sectionError) {
          if (chunkIndex >= 0 && sectionsSeeSameChunk) {
            assertEquals(chunkIndex, sectionError.chunkIndex(), sectionError.getMessage());
          }
        }
      }
    }
    assertEquals(chunkIndex, e.chunkIndex(), e.getMessage());
    assertTrue(e.getMessage().contains("artifact corruption-base"), e.getMessage());
    return e;
  }

  private static UnaryOperator<byte[]> flip(int at) {
    return d -> {
      byte[] c = d.clone();
      c[at] ^= 0x40;
      return c;
    };
  }

  private static String copyWithData(UnaryOperator<byte[]> edit) throws IOException {
    return copy(edit.apply(data.clone()), manifestJson);
  }

  private static String copyWithManifest(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode tree = (ObjectNode) JSON.readTree(manifestJson);
    edit.accept(tree);
    tree.put("manifestSha256", "0".repeat(64));
    byte[] json = ManifestCodec.seal(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
    return copy(data, json);
  }

  private static String copy(byte[] dataBytes, byte[] json) throws IOException {
    String prefix = "copy-" + COPIES.incrementAndGet();
    put(store, ArtifactKeys.data(prefix), dataBytes);
    put(store, ArtifactKeys.manifest(prefix), json);
    return prefix;
  }

  private static void put(BlobStore s, String key, byte[] bytes) throws IOException {
    try (BlobStore.BlobUpload u = s.create(key)) {
      u.stream().write(bytes);
      u.commit();
    }
  }

  @Test
  void theUntouchedCopyIsFine() throws IOException {
    String prefix = copy(data, manifestJson);
    try (ArtifactReader r = ArtifactReader.open(store, prefix)) {
      assertEquals(6, r.verifyIntegrity().chunks());
    }
    String s = new String(manifestJson, StandardCharsets.UTF_8);
    if (!s.contains("manifestSha256")) {
      fail("manifest has no self-checksum: " + s);
    }
  }
}
