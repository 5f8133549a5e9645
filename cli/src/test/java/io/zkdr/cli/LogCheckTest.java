package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.txnlog.TxnLogFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zkdr log check} on logs a real server wrote, and on a damaged copy. */
class LogCheckTest {
  private static Path dataLogDir;

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void writeLogs() throws Exception {
    try (ZkTestQuorum q = ZkTestQuorum.start("cli-logcheck", 1, ZkTestQuorum.TEST_SETTINGS)) {
      try (ZooKeeper zk = ZkClients.connect(q.connectString(), Duration.ofSeconds(30));
          ZooKeeper eph = ZkClients.connect(q.connectString(), Duration.ofSeconds(30))) {
        new Workload(zk, eph, 3).run(200);
      }
      q.stop(1);
      dataLogDir = q.server(1).member().dataLogDir();
    }
  }

  private int run(String... args) {
    return ZkdrMain.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void cleanLogsExitZeroWithASummary() {
    assertEquals(0, run("log", "check", dataLogDir.toString()), err.toString());
    assertTrue(out.toString().contains("0 error(s)"), out.toString());
  }

  @Test
  void aFlippedByteIsReportedWithFileAndOffsetAndExitsFour() throws Exception {
    Path file = TxnLogFile.list(dataLogDir.resolve("version-2")).get(0).path();
    byte[] bytes = Files.readAllBytes(file);
    bytes[16 + 12 + 40] ^= 0x10; // inside the first record's bytes
    Path copy = tmp.resolve(file.getFileName().toString());
    Files.write(copy, bytes);

    assertEquals(ExitCode.JOB_FAILED.code(), run("log", "check", "-o", "json", copy.toString()));
    JsonNode report = new ObjectMapper().readTree(out.toString());
    JsonNode problem = report.get("problems").get(0);
    assertEquals("BAD_CRC", problem.get("kind").asText());
    assertEquals(16, problem.get("offset").asLong());
    assertTrue(problem.get("file").asText().endsWith(file.getFileName().toString()));
  }

  @Test
  void missingPathIsNotFound() {
    assertEquals(ExitCode.NOT_FOUND.code(), run("log", "check", tmp.resolve("nope").toString()));
    assertTrue(err.toString().contains("no such file or directory"), err.toString());
    assertEquals("", out.toString());
  }
}
