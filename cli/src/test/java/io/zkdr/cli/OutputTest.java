package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.cli.output.Bytes;
import io.zkdr.cli.output.OutputFormat;
import io.zkdr.cli.output.Printer;
import io.zkdr.cli.output.ProgressBar;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {

  @Test
  void tableAlignsColumnsAndCutsTheWidestToFit() {
    StringWriter s = new StringWriter();
    new Table("NAME", "DESCRIPTION")
        .row("a", "x".repeat(100))
        .row("bbb", "short")
        .print(new PrintWriter(s), 40);
    String[] lines = s.toString().split("\n");
    assertEquals("NAME  DESCRIPTION", lines[0]);
    assertTrue(lines[1].length() <= 40, lines[1]);
    assertTrue(lines[1].endsWith("…"), lines[1]);
    assertEquals("bbb   short", lines[2]);
  }

  @Test
  void relativeTimes() {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    assertEquals("5m ago", Times.relative(now.minusSeconds(300), now));
    assertEquals("in 2h", Times.relative(now.plus(Duration.ofHours(2)), now));
    assertEquals("just now", Times.relative(now, now));
    assertEquals("1d4h", Times.human(Duration.ofHours(28)));
    assertEquals("2026-11-23T11:59:18Z (42s ago)", Times.withRelative(now.minusSeconds(42), now));
  }

  @Test
  void bytesAreHuman() {
    assertEquals("512 B", Bytes.human(512));
    assertEquals("1.5 KiB", Bytes.human(1536));
    assertEquals("3.0 GiB", Bytes.human(3L << 30));
  }

  @Test
  void jsonAndYamlRenderTheValue() {
    StringWriter s = new StringWriter();
    new Printer(new PrintWriter(s), OutputFormat.JSON)
        .print(Map.of("ensemble", "payments-zk"), () -> new Table("X"));
    assertTrue(s.toString().contains("\"ensemble\" : \"payments-zk\""), s.toString());
    s = new StringWriter();
    new Printer(new PrintWriter(s), OutputFormat.YAML)
        .print(Map.of("ensemble", "payments-zk"), () -> new Table("X"));
    assertEquals("ensemble: payments-zk\n", s.toString());
  }

  @Test
  void progressBarDrawsOnlyWhenEnabled() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ProgressBar off = new ProgressBar("copy", 100, false, new PrintStream(buf))) {
      off.advance(50);
    }
    assertEquals(0, buf.size());
    try (ProgressBar on = new ProgressBar("copy", 100, true, new PrintStream(buf))) {
      on.advance(50);
    }
    assertTrue(buf.toString().contains("copy ["), buf.toString());
    assertTrue(buf.toString().contains("50%"), buf.toString());
  }
}
