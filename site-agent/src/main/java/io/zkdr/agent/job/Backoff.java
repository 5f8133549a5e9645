package io.zkdr.agent.job;

import java.time.Duration;

/** Doubling waits between {@code min} and {@code max} while no controller answers. */
final class Backoff {
  private final long minMs;
  private final long maxMs;
  private long nextMs;

  Backoff(Duration min, Duration max) {
    this.minMs = min.toMillis();
    this.maxMs = max.toMillis();
    this.nextMs = minMs;
  }

  /** Sleeps for the current wait and doubles it. */
  void pause() throws InterruptedException {
    long wait = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    Thread.sleep(wait);
  }

  void reset() {
    nextMs = minMs;
  }
}
