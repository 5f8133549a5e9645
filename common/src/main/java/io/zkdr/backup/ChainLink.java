package io.zkdr.backup;

import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.store.BlobStore;
import java.io.IOException;

/**
 * One artifact of a chain: where it is and what its manifest says.
 *
 * @param prefix the artifact's key prefix in the store
 * @param manifest its manifest
 */
public record ChainLink(String prefix, ArtifactManifest manifest) {

  /** Reads the manifest of the artifact under {@code prefix}. */
  public static ChainLink read(BlobStore store, String prefix) throws IOException {
    return new ChainLink(prefix, ArtifactReader.readManifest(store, prefix));
  }

  public long fromZxid() {
    return manifest.fromZxid();
  }

  public long toZxid() {
    return manifest.toZxid();
  }
}
