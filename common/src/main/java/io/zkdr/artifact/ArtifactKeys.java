package io.zkdr.artifact;

import io.zkdr.store.BlobKeys;

/** Object keys of an artifact under its prefix. */
public final class ArtifactKeys {
  /** The payload object's name. */
  public static final String DATA = "data.zkdr";

  /** The manifest's name; written last, it is the commit marker. */
  public static final String MANIFEST = "manifest.json";

  private ArtifactKeys() {}

  /** {@code <prefix>/data.zkdr}. */
  public static String data(String prefix) {
    return BlobKeys.validate(trim(prefix) + "/" + DATA);
  }

  /** {@code <prefix>/manifest.json}. */
  public static String manifest(String prefix) {
    return BlobKeys.validate(trim(prefix) + "/" + MANIFEST);
  }

  private static String trim(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("artifact prefix is empty");
    }
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
