package io.zkdr.artifact;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;

/**
 * Reads chunk frames from {@code data.zkdr} and checks each against itself and the manifest: magic,
 * header CRC32C, index and lengths, CRC32C of the stored bytes, authentication when encrypted, and
 * the decompressed length. Reuses one raw and one compressed buffer, so memory stays at about two
 * chunks.
 */
final class ChunkFrameReader {
  private final String artifact;
  private final ChunkCipher cipher;
  private final byte[] header = new byte[DataFileFormat.CHUNK_HEADER_LENGTH];
  private byte[] compressed = new byte[0];
  private byte[] plain = new byte[0];
  private final byte[] raw;

  /**
   * @param cipher decrypts chunk payloads of an encrypted artifact, null when not encrypted
   */
  ChunkFrameReader(String artifact, int chunkSize, ChunkCipher cipher) {
    this.artifact = artifact;
    this.cipher = cipher;
    this.raw = new byte[chunkSize];
  }

  /** The buffer holding the last chunk's raw bytes. */
  byte[] raw() {
    return raw;
  }

  /**
   * Reads the frame of {@code expected} from {@code in} (positioned at the frame) and decompresses
   * it into {@link #raw()}.
   *
   * @return the chunk's raw length
   */
  int read(InputStream in, ArtifactManifest.Chunk expected) throws IOException {
    int index = expected.index();
    long offset = expected.offset();
    readFully(in, header, header.length, index, offset, "chunk header");
    int magic = DataFileFormat.magic(header);
    if (magic != DataFileFormat.CHUNK_MAGIC) {
      throw corrupt(
          index,
          offset,
          "chunk frame magic expected "
              + DataFileFormat.hex(DataFileFormat.CHUNK_MAGIC)
              + ", found "
              + DataFileFormat.hex(magic)
              + (magic == DataFileFormat.END_MAGIC ? " (the end frame: chunks are missing)" : ""));
    }
    DataFileFormat.ChunkHeader h = DataFileFormat.parseChunkHeader(header);
    if (!DataFileFormat.headerCrcMatches(header)) {
      throw corrupt(
          index,
          offset,
          "chunk header CRC32C expected "
              + DataFileFormat.hex(DataFileFormat.crc(header, 0, header.length - 4))
              + ", found "
              + DataFileFormat.hex(h.headerCrc()));
    }
    if (h.index() != index) {
      throw corrupt(
          index,
          offset,
          "frame holds chunk index " + h.index() + ", expected " + index + " (a chunk is missing)");
    }
    if (h.rawLength() != expected.rawLength()
        || h.compressedLength() != expected.compressedLength()
        || Integer.toUnsignedLong(h.dataCrc()) != expected.crc32c()) {
      throw corrupt(
          index,
          offset,
          String.format(
              "frame and manifest disagree: manifest raw=%d compressed=%d crc32c=0x%08x,"
                  + " frame raw=%d compressed=%d crc32c=0x%08x",
              expected.rawLength(),
              expected.compressedLength(),
              expected.crc32c(),
              h.rawLength(),
              h.compressedLength(),
              h.dataCrc()));
    }
    if (h.rawLength() > raw.length) {
      throw corrupt(
          index, offset, "raw length " + h.rawLength() + " exceeds chunk size " + raw.length);
    }
    if (compressed.length < h.compressedLength()) {
      compressed = new byte[h.compressedLength()];
    }
    long dataOffset = offset + DataFileFormat.CHUNK_HEADER_LENGTH;
    readFully(in, compressed, h.compressedLength(), index, dataOffset, "compressed bytes");
    int actualCrc = DataFileFormat.crc(compressed, 0, h.compressedLength());
    if (actualCrc != h.dataCrc()) {
      throw corrupt(
          index,
          dataOffset,
          "CRC32C of compressed bytes expected "
              + DataFileFormat.hex(h.dataCrc())
              + ", found "
              + DataFileFormat.hex(actualCrc));
    }
    byte[] zstd = compressed;
    int zstdLength = h.compressedLength();
    if (cipher != null) {
      if (plain.length < zstdLength) {
        plain = new byte[zstdLength];
      }
      try {
        zstdLength = cipher.decrypt(index, h.rawLength(), compressed, zstdLength, plain);
      } catch (AEADBadTagException e) {
        throw corrupt(
            index,
            dataOffset,
            "chunk fails AES-GCM authentication (wrong key for this key id, or the chunk was"
                + " altered or moved)");
      } catch (GeneralSecurityException e) {
        throw corrupt(index, dataOffset, "chunk cannot be decrypted: " + e);
      }
      zstd = plain;
    }
    long n;
    try {
      n = Zstd.decompressByteArray(raw, 0, h.rawLength(), zstd, 0, zstdLength);
    } catch (ZstdException e) {
      throw corrupt(index, dataOffset, "zstd cannot decompress the chunk: " + e.getMessage());
    }
    if (Zstd.isError(n)) {
      throw corrupt(index, dataOffset, "zstd cannot decompress the chunk: " + Zstd.getErrorName(n));
    }
    if (n != h.rawLength()) {
      throw corrupt(
          index, dataOffset, "chunk decompressed to " + n + " bytes, expected " + h.rawLength());
    }
    return h.rawLength();
  }

  private void readFully(
      InputStream in, byte[] buffer, int length, int index, long offset, String what)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(buffer, done, length - done);
      if (n < 0) {
        throw corrupt(
            index,
            offset + done,
            "data.zkdr ends inside the "
                + what
                + ": expected "
                + length
                + " bytes, found "
                + done
                + " (truncated)");
      }
      done += n;
    }
  }

  private ArtifactCorruptException corrupt(int index, long offset, String detail) {
    return new ArtifactCorruptException(artifact, index, offset, detail);
  }
}
