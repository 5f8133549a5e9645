package io.zkdr.bench.shipping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Watches a region's file store for increments becoming durable: an artifact counts from the moment
 * its manifest (written last, by atomic rename) is visible. Records, by the increment's last zxid,
 * when it was first seen.
 */
final class StoreWatch implements AutoCloseable {
  private static final Pattern INCREMENT = Pattern.compile(".*-inc-([0-9a-f]{16})-([0-9a-f]{16})");

  private final Path ensembleDir;
  private final ConcurrentSkipListMap<Long, Long> seenNanosByToZxid = new ConcurrentSkipListMap<>();
  private final Set<String> seen = new HashSet<>();
  private final Thread thread;
  private volatile boolean stopped;

  StoreWatch(Path storeRoot, String ensemble) {
    this.ensembleDir = storeRoot.resolve("artifacts").resolve(ensemble);
    this.thread = new Thread(this::run, "store-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!stopped) {
      scan();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void scan() {
    if (!Files.isDirectory(ensembleDir)) {
      return;
    }
    long now = System.nanoTime();
    try (Stream<Path> dirs = Files.list(ensembleDir)) {
      dirs.forEach(
          d -> {
            String name = d.getFileName().toString();
            if (seen.contains(name) || !Files.exists(d.resolve("manifest.json"))) {
              return;
            }
            seen.add(name);
            Matcher m = INCREMENT.matcher(name);
            if (m.matches()) {
              seenNanosByToZxid.put(Long.parseUnsignedLong(m.group(2), 16), now);
            }
          });
    } catch (IOException e) {
      // a directory renamed while listing: the next scan sees it
    }
  }

  /** When the first increment holding {@code zxid} was seen durable, or -1. */
  long durableNanos(long zxid) {
    Map.Entry<Long, Long> e = seenNanosByToZxid.ceilingEntry(zxid);
    return e == null ? -1 : e.getValue();
  }

  /** The highest zxid durable so far, or -1. */
  long lastZxid() {
    return seenNanosByToZxid.isEmpty() ? -1 : seenNanosByToZxid.lastKey();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(5_000);
  }
}
