package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactMetadata;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.artifact.TreeDigest;
import io.zkdr.store.FileBlobStore;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactInspectTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeArtifact() throws Exception {
    try (FileBlobStore store = new FileBlobStore(dir);
        ArtifactWriter w =
            ArtifactWriter.create(store, "full-1", ArtifactWriter.Options.defaults())) {
      try (OutputStream s = w.section("snapshot", "zk-snapshot")) {
        s.write(new byte[10_000]);
      }
      w.commit(
          ArtifactMetadata.builder("full-1", "payments-zk", ArtifactKind.FULL)
              .fromZxid(0x100000000L)
              .toZxid(0x100000a2fL)
              .restorableFromZxid(0x100000a00L)
              .firstTxnTime(Instant.parse("2026-11-23T10:00:00Z"))
              .lastTxnTime(Instant.parse("2026-11-23T10:05:00Z"))
              .txnCount(47)
              .znodeCount(1000)
              .dataSize(1_024_000)
              .digest(new TreeDigest(0x100000a2fL, 2, 0xabcdefL))
              .sourceMember("1@127.0.0.1")
              .build());
    }
  }

  private int run(String... args) {
    return ZkdrMain.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void inspectPrintsTheManifest() {
    assertEquals(0, run("artifact", "inspect", dir.resolve("full-1").toString()));
    String s = out.toString();
    assertTrue(s.contains("0x100000000 .. 0x100000a2f, restorable from 0x100000a00"), s);
    assertTrue(s.contains("abcdef at 0x100000a2f (version 2)"), s);
    assertTrue(s.contains("snapshot (zk-snapshot, 9.8 KiB)"), s);
  }

  @Test
  void inspectAsJsonParsesAndAcceptsAStoreUri() throws Exception {
    String uri = dir.resolve("full-1").toUri().toString();
    assertEquals(0, run("artifact", "inspect", "-o", "json", uri), err.toString());
    JsonNode n = new ObjectMapper().readTree(out.toString());
    assertEquals("0x100000a2f", n.get("toZxid").asText());
    assertEquals("FULL", n.get("kind").asText());
  }

  @Test
  void missingOrIncompleteArtifactsAreNotFound() throws Exception {
    assertEquals(ExitCode.NOT_FOUND.code(), run("artifact", "inspect", dir + "/nope"));
    assertTrue(err.toString().contains("no such file or directory"), err.toString());
    Files.delete(dir.resolve("full-1/manifest.json"));
    assertEquals(ExitCode.NOT_FOUND.code(), run("artifact", "inspect", dir + "/full-1"));
  }

  @Test
  void badOutputFormatIsAUsageError() {
    assertEquals(ExitCode.USAGE.code(), run("artifact", "inspect", "-o", "xml", dir + "/full-1"));
    assertTrue(err.toString().contains("'xml' is not an output format"), err.toString());
  }
}
