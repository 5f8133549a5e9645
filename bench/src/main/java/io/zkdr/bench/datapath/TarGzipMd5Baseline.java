package io.zkdr.bench.datapath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The operator's manual backup the seed brief describes: {@code tar | gzip -6 | md5sum} of the data
 * dir. zkdr's capture is compared with it.
 */
public final class TarGzipMd5Baseline {
  private TarGzipMd5Baseline() {}

  /** What the pipeline produced and how long it took. */
  public record Result(String md5, long nanos) {}

  /** Runs the pipeline over {@code dir}; fails if any stage fails. */
  public static Result run(Path dir) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            "set -o pipefail; tar -C \"$1\" -cf - . | gzip -6 | md5sum",
            "tar-gzip-md5",
            dir.toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      int rc = p.waitFor();
      long nanos = System.nanoTime() - start;
      if (rc != 0) {
        throw new IOException("tar | gzip -6 | md5sum of " + dir + " exited with " + rc);
      }
      return new Result(out.split("\\s+")[0], nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running tar | gzip | md5sum on " + dir, e);
    } finally {
      p.destroy();
    }
  }
}
