package io.zkdr.zk.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Counts the bytes read through it and, optionally, copies them to a sink as they pass. */
final class CountingTeeInputStream extends FilterInputStream {

  private final OutputStream copyTo;
  private long count;

  CountingTeeInputStream(InputStream in, OutputStream copyTo) {
    super(in);
    this.copyTo = copyTo;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count++;
      if (copyTo != null) {
        copyTo.write(b);
      }
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      if (copyTo != null) {
        copyTo.write(b, off, n);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // reading (not skipping) keeps the copy complete
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    int r = read(buf, 0, buf.length);
    return Math.max(r, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
