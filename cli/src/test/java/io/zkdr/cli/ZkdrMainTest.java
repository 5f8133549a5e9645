package io.zkdr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ZkdrMainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ZkdrMain.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(ExitCode.USAGE.code(), run("--no-such-flag"));
    assertTrue(err.toString().contains("Unknown option: '--no-such-flag'"), err.toString());
    assertTrue(err.toString().contains("Try 'zkdr --help'"), err.toString());
  }

  @Test
  void helpListsTheExitCodes() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("5 controller unreachable, 6 conflict"), out.toString());
  }

  @Test
  void completionScriptIsGenerated() {
    assertEquals(0, run("generate-completion"));
    assertTrue(out.toString().contains("complete -F"), out.toString().substring(0, 200));
  }
}
