package io.zkdr.store;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Opens the {@link BlobStore} a URI names: {@code file:///dir} or {@code s3://bucket/prefix?...}.
 */
public final class BlobStores {
  private BlobStores() {}

  /** Opens the store with no extra options. */
  public static BlobStore open(URI uri) throws IOException {
    return open(uri, Map.of());
  }

  /**
   * Opens the store; {@code options} are implementation settings from configuration (for S3 see
   * {@link S3BlobStoreConfig}; a file store takes none).
   */
  public static BlobStore open(URI uri, Map<String, String> options) throws IOException {
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("store URI has no scheme (file: or s3:): " + uri);
    }
    switch (scheme.toLowerCase(java.util.Locale.ROOT)) {
      case "file":
        if (!options.isEmpty()) {
          throw new IllegalArgumentException(
              "file store " + uri + " takes no options, got " + options.keySet());
        }
        return FileBlobStore.open(uri);
      case "s3":
        return S3BlobStore.open(uri, options);
      default:
        throw new IllegalArgumentException(
            "unsupported store scheme '" + scheme + "' in " + uri + " (use file: or s3:)");
    }
  }
}
