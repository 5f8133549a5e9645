package io.zkdr.artifact;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json}: what an artifact is (ZooKeeper-level facts from {@link ArtifactMetadata})
 * and how {@code data.zkdr} is laid out (sections, chunks, lengths, SHA-256). Written last; its
 * presence is what makes an artifact complete. See {@code docs/artifact-format.md}.
 *
 * <p>{@code manifestSha256} is the SHA-256 of the manifest file's exact bytes with its own 64 hex
 * digits replaced by {@code 0}s, so a changed byte anywhere in the manifest is detected.
 */
@JsonPropertyOrder({
  "formatVersion",
  "artifactId",
  "ensemble",
  "kind",
  "fromZxid",
  "toZxid",
  "restorableFromZxid",
  "firstTxnTime",
  "lastTxnTime",
  "txnCount",
  "znodeCount",
  "dataSize",
  "digest",
  "dbId",
  "sourceMember",
  "createdAt",
  "compression",
  "encryption",
  "chunkSize",
  "sections",
  "chunks",
  "dataLength",
  "dataSha256",
  "rawLength",
  "manifestSha256"
})
public record ArtifactManifest(
    int formatVersion,
    String artifactId,
    String ensemble,
    ArtifactKind kind,
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long fromZxid,
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long toZxid,
    @JsonSerialize(using = ZxidJson.Serializer.class)
        @JsonDeserialize(using = ZxidJson.Deserializer.class)
        long restorableFromZxid,
    Instant firstTxnTime,
    Instant lastTxnTime,
    long txnCount,
    long znodeCount,
    long dataSize,
    TreeDigest digest,
    long dbId,
    String sourceMember,
    Instant createdAt,
    Compression compression,
    Encryption encryption,
    int chunkSize,
    List<Section> sections,
    List<Chunk> chunks,
    long dataLength,
    String dataSha256,
    long rawLength,
    String manifestSha256) {

  /** The manifest format version this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public ArtifactManifest {
    sections = sections == null ? null : List.copyOf(sections);
    chunks = chunks == null ? null : List.copyOf(chunks);
  }

  /** Builds the manifest of a freshly written artifact. */
  static ArtifactManifest of(
      ArtifactMetadata m,
      Instant createdAt,
      Compression compression,
      Encryption encryption,
      int chunkSize,
      List<Section> sections,
      List<Chunk> chunks,
      long dataLength,
      String dataSha256,
      long rawLength) {
    return new ArtifactManifest(
        FORMAT_VERSION,
        m.artifactId(),
        m.ensemble(),
        m.kind(),
        m.fromZxid(),
        m.toZxid(),
        m.restorableFromZxid(),
        m.firstTxnTime(),
        m.lastTxnTime(),
        m.txnCount(),
        m.znodeCount(),
        m.dataSize(),
        m.digest(),
        m.dbId(),
        m.sourceMember(),
        createdAt,
        compression,
        encryption,
        chunkSize,
        sections,
        chunks,
        dataLength,
        dataSha256,
        rawLength,
        null);
  }

  /** This manifest with its self-checksum replaced. */
  ArtifactManifest withManifestSha256(String sha) {
    return new ArtifactManifest(
        formatVersion,
        artifactId,
        ensemble,
        kind,
        fromZxid,
        toZxid,
        restorableFromZxid,
        firstTxnTime,
        lastTxnTime,
        txnCount,
        znodeCount,
        dataSize,
        digest,
        dbId,
        sourceMember,
        createdAt,
        compression,
        encryption,
        chunkSize,
        sections,
        chunks,
        dataLength,
        dataSha256,
        rawLength,
        sha);
  }

  /** The ZooKeeper-level facts, as given at commit. */
  public ArtifactMetadata metadata() {
    return new ArtifactMetadata(
        artifactId,
        ensemble,
        kind,
        fromZxid,
        toZxid,
        restorableFromZxid,
        firstTxnTime,
        lastTxnTime,
        txnCount,
        znodeCount,
        dataSize,
        digest,
        dbId,
        sourceMember);
  }

  /** The section called {@code name}, if the artifact has one. */
  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Codec and level the chunks were compressed with. */
  public record Compression(String codec, int level) {}

  /**
   * How chunk payloads are encrypted at rest; {@code null} in the manifest when they are not.
   *
   * @param algorithm {@code AES-256-GCM}
   * @param keyId the key's id (the key itself is never stored)
   * @param salt 16 random bytes in hex from which this artifact's own key is derived
   */
  public record Encryption(String algorithm, String keyId, String salt) {}

  /**
   * One named part of the raw (uncompressed) stream.
   *
   * @param format what the bytes are ({@code zk-snapshot}, {@code zk-txnlog}, ...)
   * @param rawOffset where the section starts in the raw stream
   * @param rawLength its length in raw bytes
   */
  public record Section(String name, String format, long rawOffset, long rawLength) {}

  /**
   * One compressed chunk frame in {@code data.zkdr}.
   *
   * @param offset where the frame (its header) starts in {@code data.zkdr}
   * @param compressedLength compressed bytes after the frame header
   * @param rawLength raw bytes the chunk decompresses to
   * @param crc32c CRC32C of the compressed bytes, as an unsigned number
   */
  public record Chunk(int index, long offset, int compressedLength, int rawLength, long crc32c) {}
}
