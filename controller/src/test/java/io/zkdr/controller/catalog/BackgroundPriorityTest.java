package io.zkdr.controller.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The database's flush threads run niced (so a snapshot's flush takes idle CPU), while the threads
 * that apply entries keep their priority. Reads the threads' nice values from Linux's /proc.
 */
class BackgroundPriorityTest {
  private static final Path TASKS = Path.of("/proc/self/task");

  @Test
  void flushThreadsRunNicedAndTheApplyingThreadDoesNot() throws Exception {
    assumeTrue(Files.isDirectory(TASKS), "needs Linux /proc");
    Path dir =
        Path.of(
            System.getProperty("zkdr.test.tmp", "target/test-tmp"),
            "priority-" + UUID.randomUUID());
    try (CatalogStore store = CatalogStore.open(dir.resolve("db"), 8L << 20)) {
      try (CatalogTxn txn = store.begin()) {
        txn.putRaw(Table.REGIONS, Keys.utf8("us-east"), Keys.utf8("{}"));
        txn.commit(1, 1);
      }
      // A checkpoint flushes the memtable on a flush ("rocksdb:high") thread.
      store.checkpoint(dir.resolve("checkpoint"));

      List<Integer> flushNice = niceOfThreadsNamed("rocksdb:high");
      assertFalse(flushNice.isEmpty(), "no rocksdb:high thread found");
      // A pool thread takes its lower priority when it runs its first job, as the flushing one did.
      assertTrue(flushNice.contains(19), "flush threads' nice: " + flushNice);
      assertTrue(niceOf(Path.of("/proc/thread-self")) == 0, "the test thread is not niced");
    }
  }

  private static List<Integer> niceOfThreadsNamed(String name) throws IOException {
    List<Integer> nice = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String comm;
        try {
          comm = Files.readString(t.resolve("comm")).strip();
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        if (comm.equals(name)) {
          nice.add(niceOf(t));
        }
      }
    }
    return nice;
  }

  /** Field 19 of /proc/.../stat; the name in field 2 is in parentheses and may hold spaces. */
  private static int niceOf(Path task) throws IOException {
    String stat = Files.readString(task.resolve("stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(after[16]);
  }
}
