package io.zkdr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the data-path benchmark on a tiny input: every figure is printed and plausible. */
class DatapathBenchSmokeTest {

  @Test
  void printsEveryFigureOnItsOwnLine() throws Exception {
    Path workdir =
        Path.of(System.getProperty("zkdr.test.tmp", "target/test-tmp"), "datapath-smoke");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      DatapathBench.run(
          new String[] {"--znodes", "2000", "--txns", "500", "--workdir", workdir.toString()}, out);
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      String[] parts = line.split(" ");
      assertEquals(3, parts.length, () -> "not 'name value unit': " + line);
      figures.put(parts[0], Double.parseDouble(parts[1]));
    }
    for (String name :
        List.of(
            "baseline.tar_gzip_md5_mb_per_s",
            "artifact.write_mb_per_s",
            "artifact.read_mb_per_s",
            "artifact.verify_mb_per_s",
            "capture.mb_per_s",
            "capture.ratio_vs_tar_gzip_md5",
            "verify.mb_per_s",
            "replay.txn_per_s",
            "restore.seconds")) {
      assertTrue(figures.containsKey(name), () -> name + " missing from " + figures.keySet());
      assertTrue(figures.get(name) > 0, () -> name + " = " + figures.get(name));
    }
    assertEquals(500, figures.get("capture.txns"));
    assertEquals(500, figures.get("replay.digests_checked"));
    assertFalse(Files.exists(workdir), "the work dir is removed unless --keep");
  }
}
