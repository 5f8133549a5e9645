package io.zkdr.cli.demo;

import java.util.Map;

/** The demo cannot go on: a child died, or a part did not come up in time. */
final class DemoException extends RuntimeException {
  DemoException(String message) {
    super(message);
  }

  DemoException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Throws when one of the demo's children has exited, naming it and its log file. */
  static void failIfExited(ChildProcesses children) {
    Map<String, Integer> exited = children.exited();
    if (!exited.isEmpty()) {
      Map.Entry<String, Integer> first = exited.entrySet().iterator().next();
      throw new DemoException(
          first.getKey()
              + " exited with status "
              + first.getValue()
              + "; see "
              + children.logFile(first.getKey()));
    }
  }
}
