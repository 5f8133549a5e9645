package io.zkdr.controller.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key encodings. Composite keys join UTF-8 strings with a 0x00 separator and big-endian longs, so
 * that RocksDB's byte order is the query order (names never contain 0x00; times and zxids are
 * non-negative).
 */
public final class Keys {
  static final byte SEP = 0;

  private Keys() {}

  /** UTF-8 bytes of a name. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A builder for composite keys. */
  public static Builder key() {
    return new Builder();
  }

  /** The smallest key greater than every key starting with {@code prefix}. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** Reads the big-endian long at {@code offset}. */
  public static long longAt(byte[] key, int offset) {
    return ByteBuffer.wrap(key, offset, 8).getLong();
  }

  /** The UTF-8 string from {@code offset} to the end of the key. */
  public static String tail(byte[] key, int offset) {
    return new String(key, offset, key.length - offset, StandardCharsets.UTF_8);
  }

  /** Builds a composite key. */
  public static final class Builder {
    // Sized for the common key (a name or two and a number) and grown when one is longer.
    private byte[] buf = new byte[64];
    private int len;

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }

    /** Appends a string followed by the separator. */
    public Builder str(String s) {
      last(s);
      ensure(1);
      buf[len++] = SEP;
      return this;
    }

    /** Appends a string with no separator (the last component). */
    public Builder last(String s) {
      byte[] b = utf8(s);
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    /** Appends a big-endian long. */
    public Builder num(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[len++] = (byte) (v >>> (i * 8));
      }
      return this;
    }

    /** The key. */
    public byte[] build() {
      return Arrays.copyOf(buf, len);
    }
  }
}
