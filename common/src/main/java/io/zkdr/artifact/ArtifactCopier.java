package io.zkdr.artifact;

import io.zkdr.store.BlobStore;
import io.zkdr.store.BlobStore.BlobUpload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Copies a committed artifact to another store or prefix (replication to a standby region). The
 * data is streamed and its SHA-256 and length are checked against the manifest before the copy is
 * committed; the manifest is copied byte for byte, last, so the destination becomes an artifact
 * only once its data is known good. Copying onto an identical artifact is a no-op, which makes
 * retries safe.
 */
public final class ArtifactCopier {
  private static final int BUFFER = 1024 * 1024;

  private ArtifactCopier() {}

  /**
   * Copies the artifact at {@code fromPrefix} in {@code from} to {@code toPrefix} in {@code to}.
   *
   * @return the artifact's manifest
   * @throws ArtifactCorruptException if the source data does not match its manifest (nothing is
   *     left at the destination)
   * @throws FileAlreadyExistsException if a different artifact is already at the destination
   */
  public static ArtifactManifest copy(
      BlobStore from, String fromPrefix, BlobStore to, String toPrefix) throws IOException {
    String source = fromPrefix + " in " + from.uri();
    byte[] manifestBytes = ArtifactReader.readManifestBytes(from, fromPrefix);
    ArtifactManifest manifest = ManifestCodec.read(manifestBytes, source);

    String targetManifest = ArtifactKeys.manifest(toPrefix);
    if (to.stat(targetManifest).isPresent()) {
      byte[] existing;
      try (InputStream in = to.open(targetManifest)) {
        existing = in.readNBytes(ArtifactReader.MAX_MANIFEST_BYTES + 1);
      }
      if (Arrays.equals(existing, manifestBytes)) {
        return manifest;
      }
      throw new FileAlreadyExistsException(
          targetManifest,
          null,
          "a different artifact is already at " + toPrefix + " in " + to.uri());
    }

    MessageDigest sha256 = sha256();
    long copied = 0;
    try (InputStream in = from.open(ArtifactKeys.data(fromPrefix));
        BlobUpload upload = to.create(ArtifactKeys.data(toPrefix))) {
      OutputStream out = upload.stream();
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
        copied += n;
      }
      String actual = HexFormat.of().formatHex(sha256.digest());
      if (copied != manifest.dataLength() || !actual.equals(manifest.dataSha256())) {
        throw new ArtifactCorruptException(
            manifest.artifactId() + " (" + source + ")",
            -1,
            -1,
            "copy refused: data.zkdr has "
                + copied
                + " bytes with SHA-256 "
                + actual
                + ", manifest expects "
                + manifest.dataLength()
                + " bytes with SHA-256 "
                + manifest.dataSha256());
      }
      upload.commit();
    }
    try (BlobUpload upload = to.create(targetManifest)) {
      upload.stream().write(manifestBytes);
      upload.commit();
    }
    return manifest;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
