package io.zkdr.artifact;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that a manifest describes a possible {@code data.zkdr}: chunk frames back to back after
 * the file header, sections end to end over the raw stream, totals that add up. A manifest that
 * fails here is never used to read data.
 */
final class ManifestLayoutCheck {
  private ManifestLayoutCheck() {}

  static void check(ArtifactManifest m, String source) throws ArtifactCorruptException {
    require(m.artifactId() != null && !m.artifactId().isBlank(), source, "artifactId is missing");
    require(m.ensemble() != null, source, "ensemble is missing");
    require(m.kind() != null, source, "kind is missing");
    require(m.sourceMember() != null, source, "sourceMember is missing");
    require(m.createdAt() != null, source, "createdAt is missing");
    require(m.compression() != null, source, "compression is missing");
    require(
        "zstd".equals(m.compression().codec()),
        source,
        "compression codec '" + m.compression().codec() + "' is not supported (expected zstd)");
    ArtifactManifest.Encryption enc = m.encryption();
    if (enc != null) {
      require(
          ChunkCipher.ALGORITHM.equals(enc.algorithm()),
          source,
          "encryption algorithm '" + enc.algorithm() + "' is not supported");
      require(enc.keyId() != null && !enc.keyId().isBlank(), source, "encryption keyId is missing");
      require(
          enc.salt() != null && enc.salt().matches("[0-9a-f]{32}"),
          source,
          "encryption salt is not 32 lower-case hex digits: " + enc.salt());
    }
    int minStored = enc == null ? 1 : ChunkCipher.TAG_BYTES + 1;
    require(m.chunkSize() > 0, source, "chunkSize " + m.chunkSize() + " is not positive");
    require(
        m.dataSha256() != null && m.dataSha256().matches("[0-9a-f]{64}"),
        source,
        "dataSha256 is not 64 lower-case hex digits: " + m.dataSha256());
    require(m.sections() != null, source, "sections is missing");
    require(m.chunks() != null, source, "chunks is missing");

    List<ArtifactManifest.Chunk> chunks = m.chunks();
    long offset = DataFileFormat.FILE_HEADER_LENGTH;
    long raw = 0;
    for (int i = 0; i < chunks.size(); i++) {
      ArtifactManifest.Chunk c = chunks.get(i);
      if (c == null) {
        throw new ArtifactCorruptException(source, i, -1, "manifest chunk entry is null");
      }
      if (c.index() != i) {
        throw new ArtifactCorruptException(
            source, i, c.offset(), "manifest lists chunk index " + c.index() + " at position " + i);
      }
      if (c.offset() != offset) {
        throw new ArtifactCorruptException(
            source,
            i,
            c.offset(),
            "manifest puts the chunk at offset " + c.offset() + ", expected " + offset);
      }
      if (c.rawLength() <= 0 || c.rawLength() > m.chunkSize()) {
        throw new ArtifactCorruptException(
            source,
            i,
            c.offset(),
            "manifest raw length " + c.rawLength() + " outside 1.." + m.chunkSize());
      }
      if (c.compressedLength() < minStored) {
        throw new ArtifactCorruptException(
            source, i, c.offset(), "manifest compressed length " + c.compressedLength());
      }
      if (c.crc32c() < 0 || c.crc32c() > 0xFFFF_FFFFL) {
        throw new ArtifactCorruptException(
            source, i, c.offset(), "manifest crc32c " + c.crc32c() + " is not a 32-bit value");
      }
      offset += DataFileFormat.CHUNK_HEADER_LENGTH + (long) c.compressedLength();
      raw += c.rawLength();
    }
    long expectedDataLength = offset + DataFileFormat.END_FRAME_LENGTH;
    require(
        m.dataLength() == expectedDataLength,
        source,
        "dataLength " + m.dataLength() + " but the chunks end frame ends at " + expectedDataLength);
    require(
        m.rawLength() == raw,
        source,
        "rawLength " + m.rawLength() + " but the chunks hold " + raw + " raw bytes");

    Set<String> names = new HashSet<>();
    long sectionOffset = 0;
    for (ArtifactManifest.Section s : m.sections()) {
      require(s != null, source, "manifest section entry is null");
      require(s.name() != null && !s.name().isEmpty(), source, "a section has no name");
      require(names.add(s.name()), source, "section '" + s.name() + "' appears twice");
      require(s.format() != null, source, "section '" + s.name() + "' has no format");
      require(
          s.rawOffset() == sectionOffset && s.rawLength() >= 0,
          source,
          "section '"
              + s.name()
              + "' at raw offset "
              + s.rawOffset()
              + " length "
              + s.rawLength()
              + ", expected to start at "
              + sectionOffset);
      sectionOffset += s.rawLength();
    }
    require(
        sectionOffset == m.rawLength(),
        source,
        "sections cover " + sectionOffset + " raw bytes but rawLength is " + m.rawLength());
  }

  private static void require(boolean ok, String source, String detail)
      throws ArtifactCorruptException {
    if (!ok) {
      throw new ArtifactCorruptException(source, -1, -1, "manifest: " + detail);
    }
  }
}
