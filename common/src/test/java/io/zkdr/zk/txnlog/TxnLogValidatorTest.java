package io.zkdr.zk.txnlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.TestDirs;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.txnlog.LogProblem.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logs written by a real server, then damaged copies of them. */
class TxnLogValidatorTest {

  private static Path logDir;
  private static List<TxnLogFile> logs;

  @BeforeAll
  static void writeLogsWithARealServer() throws Exception {
    try (ZkTestQuorum q =
        ZkTestQuorum.start(
            "txnlog", 1, ZkTestQuorum.TEST_SETTINGS.withSnapCount(200).withLogSizes(64, 0))) {
      try (ZooKeeper zk = ZkClients.connect(q.connectString(), Duration.ofSeconds(30));
          ZooKeeper eph = ZkClients.connect(q.connectString(), Duration.ofSeconds(30))) {
        new Workload(zk, eph, 7).run(400);
      }
      // a restart opens a new epoch
      q.restart(1);
      try (ZooKeeper zk = ZkClients.connect(q.connectString(), Duration.ofSeconds(30));
          ZooKeeper eph = ZkClients.connect(q.connectString(), Duration.ofSeconds(30))) {
        new Workload(zk, eph, 8).run(150);
      }
      q.stop(1);
      logDir = q.server(1).member().dataLogDir().resolve("version-2");
    }
    logs = TxnLogFile.list(logDir);
  }

  @Test
  void cleanLogsGiveACleanReport() throws IOException {
    assertTrue(logs.size() >= 2, "several log files: " + logs);
    LogCheckReport report = new TxnLogValidator().validate(logDir.getParent());
    assertTrue(report.isClean(), report.describe());
    assertTrue(report.records() > 500, report.describe());
    assertEquals(logs.size(), report.files());
    assertFalse(report.ofKind(Kind.EPOCH_CHANGE).isEmpty(), "the restart moved the epoch");
    assertTrue(report.ofKind(Kind.ZXID_GAP).isEmpty());
  }

  @Test
  void flippedByteIsABadCrcAtItsRecord() throws IOException {
    TxnLogFile file = logs.get(0);
    List<TxnLogRecord> records = readAll(file.path());
    TxnLogRecord victim = records.get(records.size() / 2);
    byte[] bytes = Files.readAllBytes(file.path());
    bytes[(int) victim.offset() + 12 + 3] ^= 0x40;
    Path copy = copyDir("badcrc", file.path(), bytes);

    LogCheckReport report = new TxnLogValidator().validate(copy);
    assertFalse(report.isClean());
    LogProblem p = report.ofKind(Kind.BAD_CRC).get(0);
    assertEquals(LogProblem.Severity.ERROR, p.severity());
    assertEquals(file.path().getFileName(), p.file().getFileName());
    assertEquals(victim.offset(), p.offset());

    // a reader stops there with the same facts
    try (InputStream in = Files.newInputStream(copy.resolve(file.path().getFileName()))) {
      TxnLogReader reader = TxnLogReader.open(in, "copy", false);
      TxnLogFormatException e =
          assertThrows(
              TxnLogFormatException.class,
              () -> {
                while (reader.next() != null) {
                  // read on
                }
              });
      assertEquals(Kind.BAD_CRC, e.kind());
      assertEquals(victim.offset(), e.offset());
    }
  }

  @Test
  void removedRecordsAreAZxidGap() throws IOException {
    TxnLogFile file = logs.get(0);
    List<TxnLogRecord> records = readAll(file.path());
    TxnLogRecord from = records.get(10);
    TxnLogRecord to = records.get(14);
    byte[] bytes = Files.readAllBytes(file.path());
    int cutStart = (int) from.offset();
    int cutEnd = (int) (to.offset() + to.encodedLength());
    byte[] cut = new byte[bytes.length - (cutEnd - cutStart)];
    System.arraycopy(bytes, 0, cut, 0, cutStart);
    System.arraycopy(bytes, cutEnd, cut, cutStart, bytes.length - cutEnd);
    Path copy = copyDir("gap", file.path(), cut);

    LogCheckReport report = new TxnLogValidator().validate(copy);
    List<LogProblem> gaps = report.ofKind(Kind.ZXID_GAP);
    assertEquals(1, gaps.size(), report.describe());
    assertEquals(from.offset(), gaps.get(0).offset());
    assertEquals(records.get(15).zxid(), gaps.get(0).zxid());
    assertTrue(gaps.get(0).message().contains("5 txns"), gaps.get(0).message());
    assertEquals(LogProblem.Severity.ERROR, gaps.get(0).severity());

    // a snapshot after the gap bridges it: restores from there on do not need the lost txns
    LogCheckReport bridged =
        new TxnLogValidator().validate(TxnLogFile.list(copy), List.of(records.get(20).zxid(), 0L));
    LogProblem warning = bridged.ofKind(Kind.ZXID_GAP).get(0);
    assertEquals(LogProblem.Severity.WARNING, warning.severity());
    assertTrue(bridged.isClean(), bridged.describe());
  }

  @Test
  void truncatedTailIsAnErrorExceptAtTheEndOfTheLiveLog() throws IOException {
    TxnLogFile file = logs.get(0);
    List<TxnLogRecord> records = readAll(file.path());
    TxnLogRecord last = records.get(records.size() - 1);
    byte[] bytes = Files.readAllBytes(file.path());
    byte[] cut = Arrays.copyOf(bytes, (int) last.offset() + 20);

    // an older file cut short: error
    Path older = copyDir("trunc-old", file.path(), cut);
    Files.copy(logs.get(1).path(), older.resolve(logs.get(1).path().getFileName()));
    LogCheckReport report = new TxnLogValidator().validate(older);
    LogProblem p = report.ofKind(Kind.TRUNCATED_RECORD).get(0);
    assertEquals(last.offset(), p.offset());
    assertEquals(file.path().getFileName(), p.file().getFileName());
    assertFalse(report.isClean());

    // the newest file cut short: the live tail, not an error
    Path newest = copyDir("trunc-live", file.path(), cut);
    LogCheckReport live = new TxnLogValidator().validate(newest);
    assertTrue(live.isClean(), live.describe());
    assertEquals(1, live.ofKind(Kind.LIVE_TAIL).size());
    assertEquals(records.get(records.size() - 2).zxid(), live.lastZxid());
  }

  @Test
  void zeroPaddedLiveTailEndsTheDataAndHiddenRecordsAreFound() throws IOException {
    TxnLogFile file = logs.get(0);
    List<TxnLogRecord> records = readAll(file.path());
    TxnLogRecord last = records.get(records.size() - 1);
    byte[] bytes = Files.readAllBytes(file.path());
    // half a record, then the preallocated zeros
    byte[] padded = new byte[(int) last.offset() + 4096];
    System.arraycopy(bytes, 0, padded, 0, (int) last.offset() + 30);
    Path dir = copyDir("zero-tail", file.path(), padded);
    LogCheckReport report = new TxnLogValidator().validate(dir);
    assertTrue(report.isClean(), report.describe());
    assertEquals(records.size() - 1, report.records());

    // a zero record in the middle hides what follows
    TxnLogRecord middle = records.get(20);
    byte[] holed = bytes.clone();
    Arrays.fill(holed, (int) middle.offset(), (int) middle.offset() + 12, (byte) 0);
    Path hidden = copyDir("hidden", file.path(), holed);
    LogCheckReport h = new TxnLogValidator().validate(hidden);
    assertFalse(h.isClean());
    assertTrue(h.ofKind(Kind.DATA_AFTER_END).get(0).offset() >= middle.offset());
  }

  @Test
  void writerRoundTripsRecordsAndReaderReportsHeaderProblems() throws IOException {
    List<TxnLogRecord> all = new ArrayList<>();
    long dbid;
    try (InputStream in = Files.newInputStream(logs.get(0).path())) {
      TxnLogReader r = TxnLogReader.open(in, "x", true);
      dbid = r.dbid();
    }
    for (TxnLogFile f : logs) {
      all.addAll(readAll(f.path()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TxnLogWriter w = TxnLogWriter.open(out, dbid)) {
      for (TxnLogRecord rec : all) {
        w.append(rec);
      }
      assertEquals(all.size(), w.records());
    }
    try (TxnLogReader r =
        TxnLogReader.open(new ByteArrayInputStream(out.toByteArray()), "copy", false)) {
      for (TxnLogRecord expected : all) {
        TxnLogRecord got = r.next();
        assertEquals(expected.zxid(), got.zxid());
        assertArrayEquals(expected.bytes(), got.bytes());
      }
      assertNull(r.next());
      assertEquals(TxnLogReader.EndReason.END_OF_STREAM, r.endReason());
      assertEquals(out.size(), r.offset());
    }
    LogCheckReport report =
        new TxnLogValidator()
            .validate(new ByteArrayInputStream(out.toByteArray()), "stream", false);
    assertTrue(report.isClean(), report.describe());

    byte[] notALog = "ZKSN....0123456789".getBytes();
    TxnLogFormatException e =
        assertThrows(
            TxnLogFormatException.class,
            () -> TxnLogReader.open(new ByteArrayInputStream(notALog), "snap", false));
    assertEquals(Kind.BAD_HEADER, e.kind());
  }

  static List<TxnLogRecord> readAll(Path file) throws IOException {
    List<TxnLogRecord> out = new ArrayList<>();
    try (TxnLogReader r = TxnLogReader.open(Files.newInputStream(file), file.toString(), true)) {
      TxnLogRecord rec;
      while ((rec = r.next()) != null) {
        out.add(rec);
      }
    }
    return out;
  }

  private static Path copyDir(String name, Path original, byte[] content) throws IOException {
    Path dir = TestDirs.create(name);
    Files.write(dir.resolve(original.getFileName()), content);
    return dir;
  }
}
