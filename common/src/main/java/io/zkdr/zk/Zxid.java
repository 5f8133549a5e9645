package io.zkdr.zk;

/**
 * ZooKeeper transaction ids: {@code epoch << 32 | counter}. A new leader epoch restarts the
 * counter, so "the next zxid" is either {@code zxid + 1} or the first zxid of a later epoch.
 */
public final class Zxid {

  private Zxid() {}

  /** {@code 0x}-prefixed lower-case hex, the way operators and ZooKeeper's logs show zxids. */
  public static String hex(long zxid) {
    return "0x" + Long.toHexString(zxid);
  }

  /** The leader epoch (high 32 bits). */
  public static long epoch(long zxid) {
    return zxid >>> 32;
  }

  /** The counter within the epoch (low 32 bits). */
  public static long counter(long zxid) {
    return zxid & 0xffffffffL;
  }

  /** Builds a zxid from its epoch and counter. */
  public static long of(long epoch, long counter) {
    return (epoch << 32) | (counter & 0xffffffffL);
  }

  /** Parses {@code 0x1a2b}, {@code 1a2b} (hex) or a decimal number prefixed with {@code #}. */
  public static long parse(String text) {
    String s = text.trim();
    if (s.startsWith("#")) {
      return Long.parseLong(s.substring(1));
    }
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    return Long.parseUnsignedLong(s, 16);
  }

  /**
   * Whether {@code next} may directly follow {@code previous} in a gap-free history: the counter
   * advances by one in the same epoch, or a later epoch begins (its first txn may have any counter,
   * normally 1).
   */
  public static boolean isSuccessor(long previous, long next) {
    if (epoch(next) == epoch(previous)) {
      return next == previous + 1;
    }
    return epoch(next) > epoch(previous);
  }
}
