package io.zkdr.agent.store;

import io.zkdr.store.BlobStore;
import io.zkdr.store.BlobStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/** The blob store of each region, opened on first use and closed with the agent. */
public final class RegionStores implements AutoCloseable {
  private final Map<String, URI> uris;
  private final Map<String, Map<String, String>> options;
  private final Map<String, BlobStore> open = new TreeMap<>();

  public RegionStores(Map<String, URI> uris, Map<String, Map<String, String>> options) {
    this.uris = Map.copyOf(uris);
    this.options = Map.copyOf(options);
  }

  /** The regions with a configured store. */
  public java.util.Set<String> regions() {
    return uris.keySet();
  }

  /** The configured base URI of {@code region}'s store. */
  public URI uri(String region) {
    URI u = uris.get(region);
    if (u == null) {
      throw new IllegalArgumentException(
          "no blob store configured for region '"
              + region
              + "' (configured: "
              + uris.keySet()
              + ")");
    }
    return u;
  }

  /** The store of {@code region}. */
  public synchronized BlobStore store(String region) {
    BlobStore s = open.get(region);
    if (s == null) {
      try {
        s = BlobStores.open(uri(region), options.getOrDefault(region, Map.of()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the blob store of region " + region, e);
      }
      open.put(region, s);
    }
    return s;
  }

  @Override
  public synchronized void close() {
    for (BlobStore s : open.values()) {
      try {
        s.close();
      } catch (Exception e) {
        // closing the others matters more
      }
    }
    open.clear();
  }
}
