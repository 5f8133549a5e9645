package io.zkdr.bench.datapath;

import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactMetadata;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.artifact.EncryptionKeyResolver;
import io.zkdr.artifact.IntegrityReport;
import io.zkdr.bench.Figures;
import io.zkdr.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures the artifact layer alone on a real snapshot file: writing it as the {@code snapshot}
 * section of a FULL-shaped artifact, reading the section back, and verifying the whole artifact.
 */
public final class ArtifactLayerBench {
  private static final int COPY_BUFFER = 1024 * 1024;
  private static final long WARM_UP_BYTES = 64L * 1024 * 1024;

  private final BlobStore store;
  private final Figures figures;

  public ArtifactLayerBench(BlobStore store, Figures figures) {
    this.store = store;
    this.figures = figures;
  }

  /** Writes {@code snapshot} into a new artifact at {@code prefix}; returns its manifest. */
  public ArtifactManifest write(
      String prefix, Path snapshot, ZkDataDirGenerator.Result input, ArtifactWriter.Options options)
      throws IOException {
    return write(prefix, snapshot, Long.MAX_VALUE, input, options);
  }

  private ArtifactManifest write(
      String prefix,
      Path snapshot,
      long limit,
      ZkDataDirGenerator.Result input,
      ArtifactWriter.Options options)
      throws IOException {
    try (ArtifactWriter w = ArtifactWriter.create(store, prefix, options)) {
      try (InputStream in = Files.newInputStream(snapshot);
          OutputStream out = w.section("snapshot", "zk-snapshot")) {
        byte[] buffer = new byte[COPY_BUFFER];
        long left = limit;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
          out.write(buffer, 0, n);
          left -= n;
        }
      }
      return w.commit(
          ArtifactMetadata.builder(prefix, "bench-zk", ArtifactKind.FULL)
              .fromZxid(input.snapshotZxid())
              .toZxid(input.snapshotZxid())
              .restorableFromZxid(input.snapshotZxid())
              .znodeCount(input.znodeCount())
              .dataSize(input.dataBytes())
              .sourceMember("1@localhost")
              .build());
    }
  }

  /**
   * Writes and reads one unreported artifact of the snapshot's first 64 MiB with {@code options} so
   * that class loading, JIT and native libraries do not count against the measured runs.
   *
   * @param keys the key resolver when {@code options} encrypt, else null
   */
  public void warmUp(
      String prefix,
      ZkDataDirGenerator.Result input,
      ArtifactWriter.Options options,
      EncryptionKeyResolver keys)
      throws IOException {
    write(prefix, input.snapshot().toPath(), WARM_UP_BYTES, input, options);
    try (ArtifactReader r = ArtifactReader.open(store, prefix, keys)) {
      r.verifyIntegrity();
      r.openSection("snapshot").transferTo(OutputStream.nullOutputStream());
    }
  }

  /** Figure {@code artifact.write_mb_per_s[suffix]}: raw snapshot MB per second into the store. */
  public ArtifactManifest measureWrite(
      String figure, String prefix, ZkDataDirGenerator.Result input, ArtifactWriter.Options options)
      throws IOException {
    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    ArtifactManifest m = write(prefix, input.snapshot().toPath(), input, options);
    long nanos = System.nanoTime() - start;
    figures.report(figure, Figures.mbPerSecond(m.rawLength(), nanos), "MB/s");
    // Streaming must not keep anything proportional to the artifact once it is written.
    figures.report(
        figure.replace("write_mb_per_s", "write_retained_heap_mb"),
        (usedHeapAfterGc() - heapBefore) / 1e6,
        "MB");
    return m;
  }

  private static long usedHeapAfterGc() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Figure {@code artifact.read_mb_per_s}: the section streamed back, every chunk checked. */
  public void measureSectionRead(String prefix) throws IOException {
    long start = System.nanoTime();
    long total = 0;
    try (ArtifactReader r = ArtifactReader.open(store, prefix);
        InputStream in = r.openSection("snapshot")) {
      byte[] buffer = new byte[COPY_BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
      }
    }
    figures.report(
        "artifact.read_mb_per_s", Figures.mbPerSecond(total, System.nanoTime() - start), "MB/s");
  }

  /** Figure {@code artifact.verify_mb_per_s}: raw MB per second of a full integrity check. */
  public IntegrityReport measureVerify(String prefix) throws IOException {
    return measureVerify("artifact.verify_mb_per_s", prefix, null);
  }

  /** A full integrity check of a possibly encrypted artifact, reported as {@code figure}. */
  public IntegrityReport measureVerify(String figure, String prefix, EncryptionKeyResolver keys)
      throws IOException {
    long start = System.nanoTime();
    IntegrityReport report;
    try (ArtifactReader r = ArtifactReader.open(store, prefix, keys)) {
      report = r.verifyIntegrity();
    }
    figures.report(
        figure, Figures.mbPerSecond(report.rawLength(), System.nanoTime() - start), "MB/s");
    return report;
  }
}
