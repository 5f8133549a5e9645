package io.zkdr.bench.catalog;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Per-thread latency samples, merged for percentiles. */
final class LatencyRecorder {
  private long[] samples = new long[1 << 10];
  private long[] starts = new long[1 << 10];
  private int n;
  private int failures;

  /** Counts an answer that was not the expected one (or no answer). */
  void fail() {
    failures++;
  }

  int failures() {
    return failures;
  }

  /** Records a latency of {@code nanos} for a request that started at {@code startNanos}. */
  void record(long startNanos, long nanos) {
    if (n == samples.length) {
      samples = Arrays.copyOf(samples, n * 2);
      starts = Arrays.copyOf(starts, n * 2);
    }
    starts[n] = startNanos;
    samples[n++] = nanos;
  }

  /**
   * Writes every sample as a line "start latency": the start in epoch milliseconds (to set beside
   * the controllers' and the GC's logs), the latency in milliseconds.
   */
  static void writeTrace(LatencyRecorder[] all, Path file) throws IOException {
    long epochMinusNanoMs = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    try (PrintWriter out =
        new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
      for (LatencyRecorder r : all) {
        for (int i = 0; i < r.n; i++) {
          out.printf("%d %.3f%n", epochMinusNanoMs + r.starts[i] / 1_000_000, r.samples[i] / 1e6);
        }
      }
    }
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
