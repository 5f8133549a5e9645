package io.zkdr.zk;

/**
 * An inclusive range of zxids.
 *
 * @param from first zxid
 * @param to last zxid (not smaller than {@code from})
 */
public record ZxidRange(long from, long to) {

  public ZxidRange {
    if (to < from) {
      throw new IllegalArgumentException("empty range " + Zxid.hex(from) + ".." + Zxid.hex(to));
    }
  }

  public boolean contains(long zxid) {
    return zxid >= from && zxid <= to;
  }

  @Override
  public String toString() {
    return "[" + Zxid.hex(from) + ".." + Zxid.hex(to) + "]";
  }
}
