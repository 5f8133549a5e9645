package io.zkdr.bench;

import io.zkdr.artifact.ArtifactEncryption;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.artifact.EncryptionKeyResolver;
import io.zkdr.bench.datapath.ArtifactLayerBench;
import io.zkdr.bench.datapath.BackupPipelineBench;
import io.zkdr.bench.datapath.TarGzipMd5Baseline;
import io.zkdr.bench.datapath.ZkDataDirGenerator;
import io.zkdr.store.FileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data-path benchmark: generates a ZooKeeper data dir with ZooKeeper's own classes, times the
 * operator baseline ({@code tar | gzip -6 | md5sum}), the artifact layer, and zkdr's capture,
 * verification, replay and restore on it.
 *
 * <pre>
 * bench/run datapath [--znodes 1000000] [--txns 200000] [--value-size 1024]
 *                    [--workdir bench/target/datapath] [--keep]
 * </pre>
 *
 * Prints one figure per line: {@code name value unit}. Progress goes to stderr.
 */
public final class DatapathBench {
  private int znodes = 1_000_000;
  private int txns = 200_000;
  private int valueSize = 1024;
  private Path workdir = Path.of("bench", "target", "datapath");
  private boolean keep;
  private final Figures figures;

  private DatapathBench(Figures figures) {
    this.figures = figures;
  }

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  /** Runs the benchmark with {@code args}, printing figures to {@code out}. */
  public static void run(String[] args, java.io.PrintStream out) throws IOException {
    DatapathBench bench = new DatapathBench(new Figures(out));
    bench.parse(args);
    bench.run();
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--znodes" -> znodes = Integer.parseInt(value(args, ++i, a));
        case "--txns" -> txns = Integer.parseInt(value(args, ++i, a));
        case "--value-size" -> valueSize = Integer.parseInt(value(args, ++i, a));
        case "--workdir" -> workdir = Path.of(value(args, ++i, a));
        case "--keep" -> keep = true;
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + a
                    + " (known: --znodes --txns --value-size --workdir --keep)");
      }
    }
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  private void run() throws IOException {
    deleteTree(workdir);
    Path dataDir = workdir.resolve("zk-data");
    Path storeDir = workdir.resolve("store");
    try {
      progress("generating " + znodes + " znodes of " + valueSize + " B and " + txns + " txns");
      long start = System.nanoTime();
      ZkDataDirGenerator.Result input =
          new ZkDataDirGenerator(znodes, txns, valueSize).generate(dataDir);
      figures.report("input.generate_seconds", (System.nanoTime() - start) / 1e9, "s");
      figures.report("input.znodes", input.znodeCount(), "znodes");
      figures.report("input.txns", txns, "txns");
      figures.report("input.snapshot_mb", input.snapshot().length() / 1e6, "MB");
      figures.report("input.data_dir_mb", input.dirBytes() / 1e6, "MB");

      progress("baseline: tar | gzip -6 | md5sum");
      TarGzipMd5Baseline.Result baseline = TarGzipMd5Baseline.run(dataDir);
      figures.report("baseline.tar_gzip_md5_seconds", baseline.nanos() / 1e9, "s");
      figures.report(
          "baseline.tar_gzip_md5_mb_per_s",
          Figures.mbPerSecond(input.dirBytes(), baseline.nanos()),
          "MB/s");

      try (FileBlobStore store = new FileBlobStore(storeDir)) {
        ArtifactLayerBench artifacts = new ArtifactLayerBench(store, figures);
        ArtifactWriter.Options defaults = ArtifactWriter.Options.defaults();
        artifacts.warmUp("warm-up", input, defaults, null);
        progress("artifact layer: write (zstd level " + defaults.compressionLevel() + ")");
        ArtifactManifest m =
            artifacts.measureWrite("artifact.write_mb_per_s", "full-default", input, defaults);
        figures.report("artifact.compression_ratio", (double) m.rawLength() / m.dataLength(), "x");
        progress("artifact layer: write (zstd level 3)");
        ArtifactManifest m3 =
            artifacts.measureWrite(
                "artifact.write_mb_per_s_level3",
                "full-level3",
                input,
                defaults.withCompressionLevel(3));
        figures.report(
            "artifact.compression_ratio_level3", (double) m3.rawLength() / m3.dataLength(), "x");
        progress("artifact layer: read and verify");
        artifacts.measureSectionRead("full-default");
        artifacts.measureVerify("full-default");
        progress("artifact layer: write and verify with AES-256-GCM");
        byte[] rawKey = new byte[32];
        new SecureRandom().nextBytes(rawKey);
        ArtifactEncryption key = ArtifactEncryption.of("bench-key", rawKey);
        artifacts.warmUp(
            "warm-up-encrypted",
            input,
            defaults.withEncryption(key),
            EncryptionKeyResolver.of(key));
        artifacts.measureWrite(
            "artifact.write_mb_per_s_encrypted",
            "full-encrypted",
            input,
            defaults.withEncryption(key));
        artifacts.measureVerify(
            "artifact.verify_mb_per_s_encrypted", "full-encrypted", EncryptionKeyResolver.of(key));

        BackupPipelineBench pipeline = new BackupPipelineBench(store, figures);
        progress("capture: FULL backup of the data dir");
        ArtifactManifest full = pipeline.capture(dataDir, baseline.nanos());
        progress("verify: checksums, load, replay, digests");
        pipeline.verify(full);
        progress("replay: txnlog section onto the loaded snapshot");
        pipeline.replay(full);
        progress("restore: three members' data dirs");
        pipeline.restore(full, workdir.resolve("restore"));
      }
    } finally {
      if (!keep) {
        deleteTree(workdir);
      }
    }
  }

  private static void progress(String message) {
    System.err.println("[datapath] " + message);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
