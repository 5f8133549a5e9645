package io.zkdr.cli.offline;

import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.store.BlobStore;
import io.zkdr.store.BlobStores;
import io.zkdr.store.FileBlobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an artifact named on the command line lives: a local directory holding {@code
 * manifest.json} (or that file, or {@code data.zkdr} in it), or a store URI whose last path segment
 * is the artifact ({@code file:///var/lib/zkdr/store/artifacts/x}, {@code
 * s3://bucket/artifacts/x?endpoint=...}).
 */
public record ArtifactLocation(BlobStore store, String prefix) implements AutoCloseable {

  /** Resolves {@code arg}; the caller closes the result. */
  public static ArtifactLocation resolve(String arg) {
    try {
      if (arg.startsWith("s3://") || arg.startsWith("file:")) {
        return fromUri(URI.create(arg));
      }
      Path p = Path.of(arg).toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new CliException(ExitCode.NOT_FOUND, "no such file or directory: " + arg);
      }
      if (Files.isRegularFile(p)) {
        String name = p.getFileName().toString();
        if (!name.equals(ArtifactKeys.MANIFEST) && !name.equals(ArtifactKeys.DATA)) {
          throw new CliException(
              ExitCode.USAGE,
              arg + " is not an artifact",
              "name the artifact's directory (it holds manifest.json and data.zkdr)",
              null);
        }
        p = p.getParent();
      }
      return new ArtifactLocation(new FileBlobStore(p.getParent()), p.getFileName().toString());
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, "cannot open artifact " + arg + ": " + e.getMessage());
    }
  }

  private static ArtifactLocation fromUri(URI uri) throws IOException {
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int slash = path.lastIndexOf('/');
    if (slash < 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("the URI names no artifact: " + uri);
    }
    String parent = path.substring(0, slash);
    URI storeUri =
        URI.create(
            uri.getScheme()
                + "://"
                + (uri.getRawAuthority() == null ? "" : uri.getRawAuthority())
                + (parent.isEmpty() ? "/" : parent)
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    return new ArtifactLocation(BlobStores.open(storeUri), path.substring(slash + 1));
  }

  /** How to name it in messages. */
  public String describe() {
    return prefix + " in " + store.uri();
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
