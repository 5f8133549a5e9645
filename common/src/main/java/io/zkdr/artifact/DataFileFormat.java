package io.zkdr.artifact;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The byte layout of {@code data.zkdr}, version 1 (see {@code docs/artifact-format.md}). All
 * integers are big-endian; every header carries a CRC32C of its own fields so that a flipped bit in
 * a length or index is caught before it is trusted.
 *
 * <pre>
 * file header  (16): magic "ZKDA", int version, int nominal chunk size, int crc32c(previous 12)
 * chunk frame  (24 + n): magic "ZKCH", int index, int rawLength, int compressedLength,
 *                        int crc32c(compressed bytes), int crc32c(previous 20), n compressed bytes
 * end frame    (20): magic "ZKEN", int chunkCount, long rawLength, int crc32c(previous 16)
 * </pre>
 */
public final class DataFileFormat {
  /** Format version written in the file header. */
  public static final int VERSION = 1;

  public static final int FILE_MAGIC = 0x5A4B4441; // "ZKDA"
  public static final int CHUNK_MAGIC = 0x5A4B4348; // "ZKCH"
  public static final int END_MAGIC = 0x5A4B454E; // "ZKEN"

  public static final int FILE_HEADER_LENGTH = 16;
  public static final int CHUNK_HEADER_LENGTH = 24;
  public static final int END_FRAME_LENGTH = 20;

  private DataFileFormat() {}

  /** The file header for a given nominal chunk size. */
  public static byte[] fileHeader(int chunkSize) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_LENGTH);
    b.putInt(FILE_MAGIC).putInt(VERSION).putInt(chunkSize);
    b.putInt(crc(b.array(), 0, 12));
    return b.array();
  }

  /** The header of one chunk frame. */
  public static byte[] chunkHeader(int index, int rawLength, int compressedLength, int dataCrc) {
    ByteBuffer b = ByteBuffer.allocate(CHUNK_HEADER_LENGTH);
    b.putInt(CHUNK_MAGIC).putInt(index).putInt(rawLength).putInt(compressedLength).putInt(dataCrc);
    b.putInt(crc(b.array(), 0, 20));
    return b.array();
  }

  /** The end frame. */
  public static byte[] endFrame(int chunkCount, long rawLength) {
    ByteBuffer b = ByteBuffer.allocate(END_FRAME_LENGTH);
    b.putInt(END_MAGIC).putInt(chunkCount).putLong(rawLength);
    b.putInt(crc(b.array(), 0, 16));
    return b.array();
  }

  /** CRC32C as an int (the unsigned value's low 32 bits). */
  public static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** A parsed chunk header. */
  public record ChunkHeader(
      int index, int rawLength, int compressedLength, int dataCrc, int headerCrc) {}

  /** Parses a chunk header, without judging it (see {@link #headerCrcMatches}). */
  public static ChunkHeader parseChunkHeader(byte[] header) {
    ByteBuffer b = ByteBuffer.wrap(header);
    b.getInt(); // magic, checked by the caller
    return new ChunkHeader(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
  }

  /** True if the last four bytes of {@code header} are the CRC32C of the bytes before them. */
  public static boolean headerCrcMatches(byte[] header) {
    int n = header.length - 4;
    return ByteBuffer.wrap(header, n, 4).getInt() == crc(header, 0, n);
  }

  /** The magic number at the start of a header. */
  public static int magic(byte[] header) {
    return ByteBuffer.wrap(header, 0, 4).getInt();
  }

  /** Hex for messages: {@code 0x5a4b4348}. */
  public static String hex(int value) {
    return String.format("0x%08x", value);
  }
}
