package io.zkdr.cli.offline;

import io.zkdr.artifact.ArtifactKind;
import io.zkdr.backup.BackupChain;
import io.zkdr.backup.ChainLink;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.store.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A FULL artifact and the INCREMENTAL ones after it, named on the command line. They must sit in
 * one store (one directory, or one store URI) because a chain is read from one store.
 */
public record ArtifactChain(ArtifactLocation location, BackupChain chain) implements AutoCloseable {

  /** Opens the artifacts; the first must be a FULL. The caller closes the result. */
  public static ArtifactChain open(String full, List<String> increments) throws IOException {
    ArtifactLocation first = ArtifactLocation.resolve(full);
    try {
      BlobStore store = first.store();
      ChainLink fullLink = ChainLink.read(store, first.prefix());
      if (fullLink.manifest().kind() != ArtifactKind.FULL) {
        throw new CliException(
            ExitCode.USAGE,
            full + " is an INCREMENTAL artifact",
            "name the FULL artifact first, then the increments after it",
            null);
      }
      List<ChainLink> links = new ArrayList<>();
      for (String inc : increments) {
        try (ArtifactLocation loc = ArtifactLocation.resolve(inc)) {
          if (!loc.store().uri().equals(store.uri())) {
            throw new CliException(
                ExitCode.USAGE,
                inc + " is in " + loc.store().uri() + ", not in " + store.uri(),
                "put the artifacts of one chain in one directory or store",
                null);
          }
          links.add(ChainLink.read(store, loc.prefix()));
        }
      }
      return new ArtifactChain(first, BackupChain.of(fullLink, links));
    } catch (IOException | RuntimeException e) {
      first.close();
      throw e;
    }
  }

  public BlobStore store() {
    return location.store();
  }

  @Override
  public void close() throws IOException {
    location.close();
  }
}
