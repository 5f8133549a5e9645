package io.zkdr.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Random;

/** Test data and metadata for artifact tests. */
final class ArtifactFixtures {
  private ArtifactFixtures() {}

  static ArtifactMetadata metadata(String id) {
    return ArtifactMetadata.builder(id, "payments-zk", ArtifactKind.FULL)
        .fromZxid(0x100000a00L)
        .toZxid(0x100000a2fL)
        .restorableFromZxid(0x100000a2fL)
        .firstTxnTime(Instant.parse("2026-11-23T10:00:00Z"))
        .lastTxnTime(Instant.parse("2026-11-23T10:05:00.123Z"))
        .txnCount(47)
        .znodeCount(1000)
        .dataSize(1_024_000)
        .digest(new TreeDigest(0x100000a00L, 2, -1234567890123L))
        .dbId(0)
        .sourceMember("3@zk3.example:2181")
        .build();
  }

  /** Half random, half repetitive bytes, so chunks compress unevenly. */
  static byte[] mixedBytes(int n, long seed) {
    byte[] b = new byte[n];
    Random r = new Random(seed);
    for (int i = 0; i < n; i += 256) {
      int len = Math.min(256, n - i);
      if (r.nextBoolean()) {
        byte[] chunk = new byte[len];
        r.nextBytes(chunk);
        System.arraycopy(chunk, 0, b, i, len);
      } else {
        java.util.Arrays.fill(b, i, i + len, (byte) ('a' + r.nextInt(26)));
      }
    }
    return b;
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[777];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }
}
