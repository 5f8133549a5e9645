package io.zkdr.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** Fresh directories under the module's {@code target/test-tmp}, never the system temp dir. */
public final class TestDirectories {
  private TestDirectories() {}

  /** A new empty directory named after {@code name}. */
  public static Path create(String name) throws IOException {
    Path base = Path.of(System.getProperty("zkdr.test.tmp", "target/test-tmp"));
    return Files.createDirectories(base.resolve(name + "-" + UUID.randomUUID()));
  }

  /** Deletes {@code dir} and everything under it. */
  public static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
