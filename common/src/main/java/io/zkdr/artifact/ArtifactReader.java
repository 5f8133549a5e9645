package io.zkdr.artifact;

import io.zkdr.store.BlobStore;
import io.zkdr.store.BlobStore.BlobInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a committed artifact: its manifest, any section by name (range reads, checked chunk by
 * chunk), or a full integrity check. Memory is about four chunks per open section stream (the next
 * chunk is prefetched), whatever the artifact's size.
 *
 * <pre>{@code
 * try (ArtifactReader r = ArtifactReader.open(store, prefix)) {
 *   try (InputStream in = r.openSection("txnlog")) { ... }
 *   IntegrityReport report = r.verifyIntegrity();
 * }
 * }</pre>
 */
public final class ArtifactReader implements AutoCloseable {
  /** Manifests larger than this are refused rather than read into memory. */
  static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

  private static final int VERIFY_READ_BUFFER = 1024 * 1024;

  /** Reads the next chunk of open section streams in the background; idle threads expire. */
  private static final ExecutorService PREFETCHER =
      Executors.newCachedThreadPool(
          new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "zkdr-artifact-prefetch-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  private final BlobStore store;
  private final String prefix;
  private final ArtifactManifest manifest;
  private final String name;
  private final long[] rawStarts;
  private final ChunkCipher cipher;

  private ArtifactReader(
      BlobStore store, String prefix, ArtifactManifest manifest, ChunkCipher cipher) {
    this.cipher = cipher;
    this.store = store;
    this.prefix = prefix;
    this.manifest = manifest;
    this.name = describe(manifest, prefix, store);
    List<ArtifactManifest.Chunk> chunks = manifest.chunks();
    this.rawStarts = new long[chunks.size()];
    long raw = 0;
    for (int i = 0; i < chunks.size(); i++) {
      rawStarts[i] = raw;
      raw += chunks.get(i).rawLength();
    }
  }

  /**
   * Reads and checks the manifest under {@code prefix}.
   *
   * @throws ArtifactIncompleteException if there is no manifest: not a complete artifact
   * @throws ArtifactCorruptException if the manifest is invalid
   */
  public static ArtifactManifest readManifest(BlobStore store, String prefix) throws IOException {
    return ManifestCodec.read(readManifestBytes(store, prefix), prefix + " in " + store.uri());
  }

  /**
   * The manifest's bytes as stored, size-limited; {@link ArtifactIncompleteException} if absent.
   */
  static byte[] readManifestBytes(BlobStore store, String prefix) throws IOException {
    String key = ArtifactKeys.manifest(prefix);
    byte[] json;
    try (InputStream in = store.open(key)) {
      json = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (NoSuchFileException e) {
      boolean dataPresent = store.stat(ArtifactKeys.data(prefix)).isPresent();
      ArtifactIncompleteException incomplete =
          new ArtifactIncompleteException(
              key,
              "not a complete artifact: no "
                  + ArtifactKeys.MANIFEST
                  + " under "
                  + prefix
                  + " in "
                  + store.uri()
                  + (dataPresent
                      ? " (" + ArtifactKeys.DATA + " exists: an unfinished or abandoned write)"
                      : ""));
      incomplete.initCause(e);
      throw incomplete;
    }
    if (json.length > MAX_MANIFEST_BYTES) {
      throw new ArtifactCorruptException(
          prefix + " in " + store.uri(),
          -1,
          -1,
          "manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
    }
    return json;
  }

  /**
   * Opens the artifact: reads its manifest and checks that {@code data.zkdr} has the length the
   * manifest records.
   */
  public static ArtifactReader open(BlobStore store, String prefix) throws IOException {
    return open(store, prefix, null);
  }

  /**
   * Opens a possibly encrypted artifact; {@code keys} supplies the key its manifest names (may be
   * null for artifacts that are not encrypted).
   *
   * @throws IOException if the artifact is encrypted and no key is available for it
   */
  public static ArtifactReader open(BlobStore store, String prefix, EncryptionKeyResolver keys)
      throws IOException {
    ArtifactManifest manifest = readManifest(store, prefix);
    ChunkCipher cipher = null;
    ArtifactManifest.Encryption enc = manifest.encryption();
    if (enc != null) {
      if (keys == null) {
        throw new IOException(
            "artifact "
                + manifest.artifactId()
                + " ("
                + prefix
                + " in "
                + store.uri()
                + ") is encrypted with key '"
                + enc.keyId()
                + "'; no key resolver was given");
      }
      try {
        cipher = new ChunkCipher(keys.resolve(enc.keyId()), HexFormat.of().parseHex(enc.salt()));
      } catch (GeneralSecurityException e) {
        throw new IOException(
            "key '" + enc.keyId() + "' cannot decrypt artifact " + manifest.artifactId(), e);
      }
    }
    ArtifactReader reader = new ArtifactReader(store, prefix, manifest, cipher);
    reader.checkDataLength();
    return reader;
  }

  /** The artifact's manifest. */
  public ArtifactManifest manifest() {
    return manifest;
  }

  /**
   * Streams the raw bytes of section {@code name}, checking every chunk as it is read.
   *
   * @throws NoSuchElementException if the artifact has no such section
   */
  public InputStream openSection(String sectionName) throws IOException {
    ArtifactManifest.Section section =
        manifest
            .section(sectionName)
            .orElseThrow(
                () ->
                    new NoSuchElementException(
                        "artifact " + name + " has no section '" + sectionName + "'"));
    if (section.rawLength() == 0) {
      return InputStream.nullInputStream();
    }
    int first = chunkHoldingRaw(section.rawOffset());
    int last = chunkHoldingRaw(section.rawOffset() + section.rawLength() - 1);
    ArtifactManifest.Chunk firstChunk = manifest.chunks().get(first);
    ArtifactManifest.Chunk lastChunk = manifest.chunks().get(last);
    long end =
        lastChunk.offset() + DataFileFormat.CHUNK_HEADER_LENGTH + lastChunk.compressedLength();
    InputStream frames =
        store.openRange(ArtifactKeys.data(prefix), firstChunk.offset(), end - firstChunk.offset());
    return new SectionInputStream(
        frames,
        PREFETCHER,
        new ChunkFrameReader[] {
          new ChunkFrameReader(name, manifest.chunkSize(), cipher),
          new ChunkFrameReader(name, manifest.chunkSize(), cipher)
        },
        manifest.chunks(),
        first,
        last,
        (int) (section.rawOffset() - rawStarts[first]),
        section.rawLength());
  }

  /**
   * Reads all of {@code data.zkdr}: file header, every chunk (CRC32C, lengths, decompression), end
   * frame, total length and SHA-256, each against the manifest.
   *
   * @throws ArtifactCorruptException at the first problem found
   */
  public IntegrityReport verifyIntegrity() throws IOException {
    checkDataLength();
    MessageDigest sha256 = sha256();
    ChunkFrameReader frames = new ChunkFrameReader(name, manifest.chunkSize(), cipher);
    long raw = 0;
    try (InputStream data = store.open(ArtifactKeys.data(prefix));
        DigestInputStream in =
            new DigestInputStream(
                new java.io.BufferedInputStream(data, VERIFY_READ_BUFFER), sha256)) {
      checkFileHeader(readHeader(in, DataFileFormat.FILE_HEADER_LENGTH, 0, "file header"));
      for (ArtifactManifest.Chunk chunk : manifest.chunks()) {
        raw += frames.read(in, chunk);
      }
      long endOffset = manifest.dataLength() - DataFileFormat.END_FRAME_LENGTH;
      checkEndFrame(readHeader(in, DataFileFormat.END_FRAME_LENGTH, endOffset, "end frame"));
      if (in.read() >= 0) {
        throw corrupt(-1, manifest.dataLength(), "bytes after the end frame");
      }
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(manifest.dataSha256())) {
      throw corrupt(
          -1, -1, "SHA-256 of data.zkdr expected " + manifest.dataSha256() + ", found " + actual);
    }
    return new IntegrityReport(
        manifest.artifactId(), manifest.chunks().size(), raw, manifest.dataLength(), actual);
  }

  @Override
  public void close() {
    // Each section stream owns its range read; nothing is held between calls.
  }

  private void checkDataLength() throws IOException {
    String key = ArtifactKeys.data(prefix);
    Optional<BlobInfo> info = store.stat(key);
    if (info.isEmpty()) {
      throw corrupt(-1, -1, "manifest present but " + ArtifactKeys.DATA + " is missing");
    }
    long size = info.get().size();
    if (size != manifest.dataLength()) {
      int chunk = size < manifest.dataLength() ? chunkHoldingOffset(size) : -1;
      throw corrupt(
          chunk,
          size,
          ArtifactKeys.DATA
              + " is "
              + size
              + " bytes, manifest expects "
              + manifest.dataLength()
              + (size < manifest.dataLength() ? " (truncated)" : " (extra bytes)"));
    }
  }

  private byte[] readHeader(InputStream in, int length, long offset, String what)
      throws IOException {
    byte[] b = in.readNBytes(length);
    if (b.length < length) {
      throw corrupt(
          -1,
          offset + b.length,
          "data.zkdr ends inside the " + what + " (" + b.length + " of " + length + " bytes)");
    }
    return b;
  }

  private void checkFileHeader(byte[] h) throws ArtifactCorruptException {
    int magic = DataFileFormat.magic(h);
    if (magic != DataFileFormat.FILE_MAGIC) {
      throw corrupt(
          -1,
          0,
          "file magic expected "
              + DataFileFormat.hex(DataFileFormat.FILE_MAGIC)
              + ", found "
              + DataFileFormat.hex(magic));
    }
    if (!DataFileFormat.headerCrcMatches(h)) {
      throw corrupt(-1, 0, "file header CRC32C mismatch");
    }
    ByteBuffer b = ByteBuffer.wrap(h, 4, 8);
    int version = b.getInt();
    int chunkSize = b.getInt();
    if (version != DataFileFormat.VERSION) {
      throw corrupt(-1, 4, "data format version " + version + " is not supported");
    }
    if (chunkSize != manifest.chunkSize()) {
      throw corrupt(
          -1, 8, "file header chunk size " + chunkSize + ", manifest " + manifest.chunkSize());
    }
  }

  private void checkEndFrame(byte[] h) throws ArtifactCorruptException {
    long offset = manifest.dataLength() - DataFileFormat.END_FRAME_LENGTH;
    int magic = DataFileFormat.magic(h);
    if (magic != DataFileFormat.END_MAGIC) {
      throw corrupt(
          -1,
          offset,
          "end frame magic expected "
              + DataFileFormat.hex(DataFileFormat.END_MAGIC)
              + ", found "
              + DataFileFormat.hex(magic));
    }
    if (!DataFileFormat.headerCrcMatches(h)) {
      throw corrupt(-1, offset, "end frame CRC32C mismatch");
    }
    ByteBuffer b = ByteBuffer.wrap(h, 4, 12);
    int count = b.getInt();
    long raw = b.getLong();
    if (count != manifest.chunks().size() || raw != manifest.rawLength()) {
      throw corrupt(
          -1,
          offset,
          "end frame records "
              + count
              + " chunks / "
              + raw
              + " raw bytes, manifest "
              + manifest.chunks().size()
              + " / "
              + manifest.rawLength());
    }
  }

  /** Index of the chunk whose raw bytes include {@code rawOffset}. */
  private int chunkHoldingRaw(long rawOffset) {
    int i = Arrays.binarySearch(rawStarts, rawOffset);
    return i >= 0 ? i : -i - 2;
  }

  /** Index of the chunk frame that spans {@code offset} in data.zkdr, or -1. */
  private int chunkHoldingOffset(long offset) {
    for (ArtifactManifest.Chunk c : manifest.chunks()) {
      long end = c.offset() + DataFileFormat.CHUNK_HEADER_LENGTH + c.compressedLength();
      if (offset >= c.offset() && offset < end) {
        return c.index();
      }
    }
    return -1;
  }

  private ArtifactCorruptException corrupt(int chunk, long offset, String detail) {
    return new ArtifactCorruptException(name, chunk, offset, detail);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String describe(ArtifactManifest m, String prefix, BlobStore store) {
    return m.artifactId() + " (" + prefix + " in " + store.uri() + ")";
  }
}
