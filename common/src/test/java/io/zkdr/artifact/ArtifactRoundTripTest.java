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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArtifactRoundTripTest {
  private static final int CHUNK = 4096;
  private static final ArtifactWriter.Options SMALL_CHUNKS =
      ArtifactWriter.Options.defaults().withChunkSize(CHUNK).withThreads(2);

  private Path dir;
  private FileBlobStore store;

  @BeforeEach
  void setUp() throws IOException {
    dir = TestDirectories.create("artifact-roundtrip");
    store = new FileBlobStore(dir);
  }

  @AfterEach
  void tearDown() throws IOException {
    TestDirectories.delete(dir);
  }

  /** Writes the sections in order (odd-sized writes), commits, checks everything reads back. */
  static ArtifactManifest roundTrip(
      BlobStore store, String prefix, ArtifactWriter.Options options, Map<String, byte[]> sections)
      throws IOException {
    ArtifactManifest written;
    try (ArtifactWriter w = ArtifactWriter.create(store, prefix, options)) {
      for (Map.Entry<String, byte[]> s : sections.entrySet()) {
        try (OutputStream out = w.section(s.getKey(), "fmt-" + s.getKey())) {
          byte[] b = s.getValue();
          int step = 1;
          for (int off = 0; off < b.length; ) {
            int n = Math.min(step, b.length - off);
            if (n == 1) {
              out.write(b[off]);
            } else {
              out.write(b, off, n);
            }
            off += n;
            step = step * 3 + 1;
          }
        }
      }
      written = w.commit(metadata("art-" + prefix));
    }
    ArtifactManifest read = ArtifactReader.readManifest(store, prefix);
    assertEquals(written, read);
    assertEquals(
        new ArrayList<>(sections.keySet()),
        read.sections().stream().map(ArtifactManifest.Section::name).toList());
    try (ArtifactReader r = ArtifactReader.open(store, prefix)) {
      for (Map.Entry<String, byte[]> s : sections.entrySet()) {
        assertArrayEquals(s.getValue(), readAll(r.openSection(s.getKey())), s.getKey());
        assertEquals("fmt-" + s.getKey(), read.section(s.getKey()).orElseThrow().format());
      }
      IntegrityReport report = r.verifyIntegrity();
      assertEquals(read.chunks().size(), report.chunks());
      assertEquals(read.rawLength(), report.rawLength());
      assertEquals(read.dataSha256(), report.dataSha256());
      assertEquals(store.stat(ArtifactKeys.data(prefix)).orElseThrow().size(), report.dataLength());
    }
    return read;
  }

  @Test
  void artifactWithoutSections() throws IOException {
    ArtifactManifest m = roundTrip(store, "none", SMALL_CHUNKS, Map.of());
    assertEquals(0, m.rawLength());
    assertTrue(m.chunks().isEmpty());
    assertEquals(
        DataFileFormat.FILE_HEADER_LENGTH + DataFileFormat.END_FRAME_LENGTH, m.dataLength());
  }

  @Test
  void emptySectionsAmongOthers() throws IOException {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    sections.put("first-empty", new byte[0]);
    sections.put("snapshot", mixedBytes(10_000, 1));
    sections.put("middle-empty", new byte[0]);
    sections.put("txnlog", mixedBytes(5_000, 2));
    sections.put("last-empty", new byte[0]);
    ArtifactManifest m = roundTrip(store, "empties", SMALL_CHUNKS, sections);
    assertEquals(15_000, m.rawLength());
    assertEquals(10_000, m.section("middle-empty").orElseThrow().rawOffset());
  }

  @Test
  void sectionsAroundChunkBoundaries() throws IOException {
    int[] sizes = {1, CHUNK - 1, 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK - 1, 2, CHUNK - 2, 0, 7};
    Map<String, byte[]> sections = new LinkedHashMap<>();
    for (int i = 0; i < sizes.length; i++) {
      sections.put("s" + i, mixedBytes(sizes[i], 100 + i));
    }
    ArtifactManifest m = roundTrip(store, "boundaries", SMALL_CHUNKS, sections);
    long total = java.util.Arrays.stream(sizes).asLongStream().sum();
    assertEquals(total, m.rawLength());
    assertEquals((total + CHUNK - 1) / CHUNK, m.chunks().size());
    for (ArtifactManifest.Chunk c : m.chunks().subList(0, m.chunks().size() - 1)) {
      assertEquals(CHUNK, c.rawLength(), "every chunk but the last is full");
    }
  }

  @Test
  void manySections() throws IOException {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      sections.put("section-" + i, mixedBytes(i * 397, 200 + i));
    }
    roundTrip(store, "many", SMALL_CHUNKS, sections);
  }

  @Test
  void severalMegabytesOfRandomDataWithDefaultChunksAndOneThread() throws IOException {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    sections.put("snapshot", mixedBytes(9 * 1024 * 1024 + 17, 7));
    sections.put("txnlog", mixedBytes(3 * 1024 * 1024, 8));
    roundTrip(store, "big-1t", ArtifactWriter.Options.defaults().withThreads(1), sections);
    ArtifactManifest m =
        roundTrip(
            store,
            "big-2t",
            ArtifactWriter.Options.defaults().withThreads(2).withCompressionLevel(3),
            sections);
    assertEquals(4, m.chunks().size()); // 12 MiB + 17 bytes
    assertEquals(3, m.compression().level());
    assertEquals(ArtifactWriter.Options.DEFAULT_CHUNK_SIZE, m.chunkSize());
  }

  @Test
  void manifestRecordsTheMetadataWithHexZxids() throws IOException {
    roundTrip(store, "meta", SMALL_CHUNKS, Map.of("snapshot", mixedBytes(100, 3)));
    ArtifactManifest m = ArtifactReader.readManifest(store, "meta");
    assertEquals(metadata("art-meta"), m.metadata());
    String json =
        new String(
            ArtifactFixtures.readAll(store.open("meta/manifest.json")),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(json.contains("\"toZxid\" : \"0x100000a2f\""), json);
    assertTrue(json.contains("\"formatVersion\" : 1"), json);
    assertTrue(json.contains("\"codec\" : \"zstd\""), json);
  }

  @Test
  void closeWithoutCommitLeavesNoArtifact() throws IOException {
    try (ArtifactWriter w = ArtifactWriter.create(store, "abandoned", SMALL_CHUNKS)) {
      try (OutputStream out = w.section("snapshot", "zk-snapshot")) {
        out.write(mixedBytes(50_000, 4));
      }
    }
    assertTrue(store.list("abandoned/").isEmpty());
    ArtifactIncompleteException e =
        assertThrows(
            ArtifactIncompleteException.class,
            () -> ArtifactReader.readManifest(store, "abandoned"));
    assertTrue(e.getMessage().contains("not a complete artifact"), e.getMessage());
  }

  @Test
  void dataWithoutManifestIsNotAnArtifact() throws IOException {
    try (BlobStore.BlobUpload u = store.create(ArtifactKeys.data("orphan"))) {
      u.stream().write(DataFileFormat.fileHeader(CHUNK));
      u.commit();
    }
    ArtifactIncompleteException e =
        assertThrows(ArtifactIncompleteException.class, () -> ArtifactReader.open(store, "orphan"));
    assertTrue(e.getMessage().contains("data.zkdr exists"), e.getMessage());
  }

  @Test
  void committedArtifactIsNeverOverwritten() throws IOException {
    roundTrip(store, "once", SMALL_CHUNKS, Map.of("s", mixedBytes(10, 5)));
    assertThrows(
        FileAlreadyExistsException.class, () -> ArtifactWriter.create(store, "once", SMALL_CHUNKS));
  }

  @Test
  void misuseIsRefused() throws IOException {
    try (ArtifactWriter w = ArtifactWriter.create(store, "misuse", SMALL_CHUNKS)) {
      OutputStream s = w.section("a", "f");
      assertThrows(IllegalStateException.class, () -> w.section("b", "f"));
      assertThrows(IllegalStateException.class, () -> w.commit(metadata("x")));
      s.close();
      assertThrows(IOException.class, () -> s.write(1));
      assertThrows(IllegalArgumentException.class, () -> w.section("a", "f"));
      w.commit(metadata("x"));
      assertThrows(IllegalStateException.class, () -> w.section("c", "f"));
    }
    try (ArtifactReader r = ArtifactReader.open(store, "misuse")) {
      assertThrows(NoSuchElementException.class, () -> r.openSection("nope"));
    }
  }

  @Test
  void sectionsCanBeReadConcurrently() throws Exception {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    sections.put("a", mixedBytes(3 * CHUNK + 5, 9));
    sections.put("b", mixedBytes(2 * CHUNK, 10));
    roundTrip(store, "concurrent", SMALL_CHUNKS, sections);
    try (ArtifactReader r = ArtifactReader.open(store, "concurrent")) {
      var a = r.openSection("a");
      var b = r.openSection("b");
      byte[] a1 = a.readNBytes(100);
      byte[] b1 = b.readNBytes(CHUNK + 1);
      byte[] restA = readAll(a);
      byte[] restB = readAll(b);
      assertArrayEquals(sections.get("a"), concat(a1, restA));
      assertArrayEquals(sections.get("b"), concat(b1, restB));
    }
  }

  @Test
  void sectionClosedHalfWayStopsCleanly() throws Exception {
    byte[] bytes = mixedBytes(10 * CHUNK + 3, 12);
    roundTrip(store, "half", SMALL_CHUNKS, Map.of("s", bytes));
    try (ArtifactReader r = ArtifactReader.open(store, "half")) {
      var in = r.openSection("s");
      assertArrayEquals(java.util.Arrays.copyOf(bytes, CHUNK + 10), in.readNBytes(CHUNK + 10));
      in.close();
      in.close();
      assertThrows(IOException.class, in::read);
    }
  }

  private static byte[] concat(byte[] x, byte[] y) {
    byte[] r = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, r, x.length, y.length);
    return r;
  }

  @Test
  void interruptedWriterFailsKeepsTheFlagAndLeavesNothing() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Throwable> outcome =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean flagKept =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              byte[] block = mixedBytes(100_000, 11);
              try (ArtifactWriter w = ArtifactWriter.create(store, "interrupted", SMALL_CHUNKS);
                  OutputStream out = w.section("snapshot", "zk-snapshot")) {
                while (true) {
                  out.write(block);
                  writing.countDown();
                }
              } catch (Throwable t) {
                flagKept.set(Thread.currentThread().isInterrupted());
                outcome.set(t);
              }
            });
    writer.start();
    assertTrue(writing.await(30, java.util.concurrent.TimeUnit.SECONDS));
    writer.interrupt();
    writer.join(30_000);
    assertTrue(!writer.isAlive(), "writer did not stop");
    assertTrue(outcome.get() instanceof IOException, () -> "ended with " + outcome.get());
    assertTrue(flagKept.get(), "interrupt flag must be kept");
    assertTrue(store.list("").isEmpty(), () -> "left behind: " + listQuietly());
    try (var files = java.nio.file.Files.walk(dir)) {
      assertEquals(0, files.filter(java.nio.file.Files::isRegularFile).count());
    }
  }

  private Object listQuietly() {
    try {
      return store.list("");
    } catch (IOException e) {
      return e;
    }
  }

  @Test
  void optionsAreValidated() {
    assertThrows(
        IllegalArgumentException.class, () -> ArtifactWriter.Options.defaults().withChunkSize(10));
    assertThrows(
        IllegalArgumentException.class,
        () -> ArtifactWriter.Options.defaults().withCompressionLevel(99));
    assertThrows(IllegalArgumentException.class, () -> new ArtifactWriter.Options(CHUNK, 1, 2, 2));
  }
}
