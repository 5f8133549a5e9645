package io.zkdr.bench.catalog;

import java.util.Arrays;

/** Per-thread latency samples, merged for percentiles. */
final class LatencyRecorder {
  private long[] samples = new long[1 << 10];
  private int n;
  private int failures;

  /** Counts an answer that was not the expected one (or no answer). */
  void fail() {
    failures++;
  }

  int failures() {
    return failures;
  }

  void record(long nanos) {
    if (n == samples.length) {
      samples = Arrays.copyOf(samples, n * 2);
    }
    samples[n++] = nanos;
  }

  int count() {
    return n;
  }

  static double percentileMs(LatencyRecorder[] all, double p) {
    int total = 0;
    for (LatencyRecorder r : all) {
      total += r.n;
    }
    if (total == 0) {
      return Double.NaN;
    }
    long[] merged = new long[total];
    int at = 0;
    for (LatencyRecorder r : all) {
      System.arraycopy(r.samples, 0, merged, at, r.n);
      at += r.n;
    }
    Arrays.sort(merged);
    int idx = (int) Math.min(total - 1, Math.ceil(p * total) - 1);
    return merged[Math.max(0, idx)] / 1e6;
  }
}
