package io.zkdr.agent.store;

import io.zkdr.artifact.ArtifactCorruptException;
import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.store.BlobStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/** Finds, and clears away, what is stored at an artifact prefix. */
public final class StoredArtifacts {
  private StoredArtifacts() {}

  /**
   * The manifest of the complete artifact at {@code prefix} (manifest readable and {@code
   * data.zkdr} of the length it names), or empty when there is none or only part of one.
   *
   * @throws IOException when the store cannot be read
   */
  public static Optional<ArtifactManifest> complete(BlobStore store, String prefix)
      throws IOException {
    if (store.stat(ArtifactKeys.manifest(prefix)).isEmpty()) {
      return Optional.empty();
    }
    try (ArtifactReader reader = ArtifactReader.open(store, prefix)) {
      return Optional.of(reader.manifest());
    } catch (NoSuchFileException | ArtifactCorruptException e) {
      // no manifest, or a data file shorter than it says: a partial artifact
      return Optional.empty();
    }
  }

  /**
   * Deletes the artifact at {@code prefix}: the manifest first (so that it stops being a complete
   * artifact at once), then the data and anything else under the prefix. Deleting what is absent is
   * harmless.
   */
  public static void delete(BlobStore store, String prefix) throws IOException {
    if (store.stat(ArtifactKeys.manifest(prefix)).isPresent()) {
      store.delete(ArtifactKeys.manifest(prefix));
    }
    if (store.stat(ArtifactKeys.data(prefix)).isPresent()) {
      store.delete(ArtifactKeys.data(prefix));
    }
    String dir = prefix.endsWith("/") ? prefix : prefix + "/";
    for (BlobStore.BlobInfo b : store.list(dir)) {
      store.delete(b.key());
    }
  }
}
