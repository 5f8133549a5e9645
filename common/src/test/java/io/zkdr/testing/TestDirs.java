package io.zkdr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh directories for tests, under {@code target/test-tmp}. */
public final class TestDirs {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private TestDirs() {}

  /** The root every test directory lives under. */
  public static Path root() {
    return Path.of(System.getProperty("zkdr.test.tmp", "target/test-tmp")).toAbsolutePath();
  }

  /** A new, empty directory whose name starts with {@code name}. */
  public static Path create(String name) {
    try {
      Path root = root();
      Files.createDirectories(root);
      return Files.createTempDirectory(root, name + "-" + SEQ.incrementAndGet() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a test directory under " + root(), e);
    }
  }

  /** Copies a directory tree (files are copied, not linked). */
  public static void copyTree(Path from, Path to) {
    try (java.util.stream.Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }
}
