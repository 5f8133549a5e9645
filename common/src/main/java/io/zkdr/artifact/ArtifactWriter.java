package io.zkdr.artifact;

import io.zkdr.store.BlobStore;
import io.zkdr.store.BlobStore.BlobUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Writes one artifact: named sections streamed into compressed, checksummed chunks in {@code
 * <prefix>/data.zkdr}, then, on {@link #commit}, {@code <prefix>/manifest.json}. Until the manifest
 * is written nothing under the prefix counts as an artifact, and {@link #close()} without commit
 * discards the data upload.
 *
 * <pre>{@code
 * try (ArtifactWriter w = ArtifactWriter.create(store, prefix, ArtifactWriter.Options.defaults())) {
 *   try (OutputStream s = w.section("snapshot", "zk-snapshot")) { ... }
 *   try (OutputStream t = w.section("txnlog", "zk-txnlog")) { ... }
 *   ArtifactManifest m = w.commit(metadata);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread writes sections and commits.
 */
public final class ArtifactWriter implements AutoCloseable {

  /**
   * How chunks are cut and compressed.
   *
   * @param chunkSize raw bytes per chunk
   * @param compressionLevel zstd level
   * @param threads compression threads
   * @param chunksInFlight raw chunks buffered at once (being filled, compressed or written); memory
   *     is about {@code 2 * chunksInFlight * chunkSize} (3x when encrypting)
   * @param encryption the key to encrypt chunks with (AES-256-GCM), or null for none
   */
  public record Options(
      int chunkSize,
      int compressionLevel,
      int threads,
      int chunksInFlight,
      ArtifactEncryption encryption) {
    /** Default raw chunk size, 4 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

    /** Default zstd level; level 1 keeps two cores above 150 MB/s on ZooKeeper data. */
    public static final int DEFAULT_LEVEL = 1;

    public Options {
      if (chunkSize < 1024 || chunkSize > 256 * 1024 * 1024) {
        throw new IllegalArgumentException("chunkSize " + chunkSize + " outside 1 KiB..256 MiB");
      }
      if (compressionLevel < -7 || compressionLevel > 22) {
        throw new IllegalArgumentException("zstd level " + compressionLevel + " outside -7..22");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads " + threads + " < 1");
      }
      if (chunksInFlight < threads + 1) {
        throw new IllegalArgumentException(
            "chunksInFlight " + chunksInFlight + " must exceed threads " + threads);
      }
    }

    /** Options without encryption. */
    public Options(int chunkSize, int compressionLevel, int threads, int chunksInFlight) {
      this(chunkSize, compressionLevel, threads, chunksInFlight, null);
    }

    /**
     * 4 MiB chunks, zstd level 1, one thread per core up to 4, two chunks in flight per thread, no
     * encryption.
     */
    public static Options defaults() {
      int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
      return new Options(DEFAULT_CHUNK_SIZE, DEFAULT_LEVEL, threads, 2 * threads + 1);
    }

    public Options withChunkSize(int v) {
      return new Options(v, compressionLevel, threads, chunksInFlight, encryption);
    }

    public Options withCompressionLevel(int v) {
      return new Options(chunkSize, v, threads, chunksInFlight, encryption);
    }

    /** Sets the thread count and keeps two chunks in flight per thread. */
    public Options withThreads(int v) {
      return new Options(chunkSize, compressionLevel, v, 2 * v + 1, encryption);
    }

    /** Encrypts chunks with {@code v} (AES-256-GCM); null for none. */
    public Options withEncryption(ArtifactEncryption v) {
      return new Options(chunkSize, compressionLevel, threads, chunksInFlight, v);
    }
  }

  private final BlobStore store;
  private final String prefix;
  private final Options options;
  private final BlobUpload upload;
  private final DataOutput data;
  private final ParallelChunkCompressor compressor;
  private final ArtifactManifest.Encryption encryption;
  private final List<ArtifactManifest.Section> sections = new ArrayList<>();
  private final List<ArtifactManifest.Chunk> chunks = new ArrayList<>();
  private final Clock clock = Clock.systemUTC();
  private SectionStream openSection;
  private int filled;
  private long rawLength;
  private boolean committed;
  private boolean closed;
  private IOException failure;

  private ArtifactWriter(BlobStore store, String prefix, Options options, BlobUpload upload)
      throws IOException {
    this.store = store;
    this.prefix = prefix;
    this.options = options;
    this.upload = upload;
    this.data = new DataOutput(upload.stream());
    ChunkCipher cipher = null;
    if (options.encryption() != null) {
      byte[] salt = new byte[ChunkCipher.SALT_BYTES];
      new SecureRandom().nextBytes(salt);
      try {
        cipher = new ChunkCipher(options.encryption().key(), salt);
      } catch (GeneralSecurityException e) {
        throw new IOException(
            "key '" + options.encryption().keyId() + "' cannot encrypt artifact " + prefix, e);
      }
      this.encryption =
          new ArtifactManifest.Encryption(
              ChunkCipher.ALGORITHM, options.encryption().keyId(), HexFormat.of().formatHex(salt));
    } else {
      this.encryption = null;
    }
    this.compressor =
        new ParallelChunkCompressor(
            options.chunkSize(),
            options.compressionLevel(),
            cipher,
            options.threads(),
            options.chunksInFlight(),
            this::writeChunk);
    data.write(DataFileFormat.fileHeader(options.chunkSize()));
  }

  /**
   * Starts an artifact under {@code prefix}.
   *
   * @throws FileAlreadyExistsException if a committed artifact is already there
   */
  public static ArtifactWriter create(BlobStore store, String prefix, Options options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    String manifestKey = ArtifactKeys.manifest(prefix);
    if (store.stat(manifestKey).isPresent()) {
      throw new FileAlreadyExistsException(
          manifestKey, null, "artifact " + prefix + " already exists in " + store.uri());
    }
    BlobUpload upload = store.create(ArtifactKeys.data(prefix));
    try {
      return new ArtifactWriter(store, prefix, options, upload);
    } catch (IOException | RuntimeException e) {
      upload.close();
      throw e;
    }
  }

  /**
   * Opens the next section. Sections follow each other in the raw stream; close one before opening
   * the next.
   */
  public OutputStream section(String name, String format) throws IOException {
    ensureWritable();
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("section name is empty in artifact " + prefix);
    }
    if (openSection != null) {
      throw new IllegalStateException(
          "section '" + openSection.name + "' of artifact " + prefix + " is still open");
    }
    for (ArtifactManifest.Section s : sections) {
      if (s.name().equals(name)) {
        throw new IllegalArgumentException(
            "section '" + name + "' already written in artifact " + prefix);
      }
    }
    openSection = new SectionStream(name, format, rawLength);
    return openSection;
  }

  /** Raw (uncompressed) bytes written so far. */
  public long rawBytesWritten() {
    return rawLength;
  }

  /**
   * Finishes {@code data.zkdr}, makes it durable, then writes the manifest with the given
   * ZooKeeper-level facts. Returns the manifest as written.
   */
  public ArtifactManifest commit(ArtifactMetadata metadata) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    ensureWritable();
    if (openSection != null) {
      throw new IllegalStateException(
          "section '" + openSection.name + "' of artifact " + prefix + " is still open");
    }
    try {
      if (filled > 0) {
        compressor.buffer();
        compressor.submit(filled);
        filled = 0;
      }
      compressor.finish();
      data.write(DataFileFormat.endFrame(chunks.size(), rawLength));
      data.flush();
      upload.commit();
      ArtifactManifest manifest =
          ArtifactManifest.of(
              metadata,
              clock.instant(),
              new ArtifactManifest.Compression("zstd", options.compressionLevel()),
              encryption,
              options.chunkSize(),
              sections,
              chunks,
              data.count,
              HexFormat.of().formatHex(data.sha256.digest()),
              rawLength);
      byte[] json = ManifestCodec.write(manifest);
      // Check what we are about to publish with the reader's own rules.
      ArtifactManifest published = ManifestCodec.read(json, prefix);
      try (BlobUpload m = store.create(ArtifactKeys.manifest(prefix))) {
        m.stream().write(json);
        m.commit();
      }
      committed = true;
      return published;
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e);
      throw e;
    }
  }

  /** Releases the compression threads; discards the data upload unless committed. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    compressor.close();
    upload.close();
  }

  private void ensureWritable() throws IOException {
    if (committed || closed) {
      throw new IllegalStateException("artifact " + prefix + " writer is already finished");
    }
    if (failure != null) {
      throw new IOException("artifact " + prefix + " writer failed earlier", failure);
    }
  }

  private void writeChunk(int index, int raw, byte[] compressed, int length, int crc)
      throws IOException {
    long offset = data.count;
    data.write(DataFileFormat.chunkHeader(index, raw, length, crc));
    data.write(compressed, 0, length);
    chunks.add(new ArtifactManifest.Chunk(index, offset, length, raw, Integer.toUnsignedLong(crc)));
  }

  private void append(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      byte[] buffer = compressor.buffer();
      int n = Math.min(len, buffer.length - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
      rawLength += n;
      if (filled == buffer.length) {
        compressor.submit(filled);
        filled = 0;
      }
    }
  }

  /** One section's stream: appends to the raw stream, records the section on close. */
  private final class SectionStream extends OutputStream {
    final String name;
    final String format;
    final long start;
    private boolean sectionClosed;
    private final byte[] one = new byte[1];

    SectionStream(String name, String format, long start) {
      this.name = name;
      this.format = format;
      this.start = start;
    }

    @Override
    public void write(int b) throws IOException {
      one[0] = (byte) b;
      write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (sectionClosed) {
        throw new IOException("section '" + name + "' of artifact " + prefix + " is closed");
      }
      ensureWritable();
      try {
        append(b, off, len);
      } catch (IOException | RuntimeException e) {
        failure = e instanceof IOException io ? io : new IOException(e);
        throw e;
      }
    }

    @Override
    public void close() {
      if (sectionClosed) {
        return;
      }
      sectionClosed = true;
      if (openSection == this) {
        sections.add(new ArtifactManifest.Section(name, format, start, rawLength - start));
        openSection = null;
      }
    }
  }

  /** The data object's stream, counting bytes and hashing them on the way. */
  private static final class DataOutput {
    private final OutputStream out;
    private final MessageDigest sha256;
    private long count;

    DataOutput(OutputStream out) {
      this.out = out;
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }

    void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sha256.update(b, off, len);
      count += len;
    }

    void flush() throws IOException {
      out.flush();
    }
  }
}
