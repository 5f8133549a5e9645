package io.zkdr.artifact;

import java.nio.file.NoSuchFileException;

/**
 * No committed artifact under a prefix: its manifest (the commit marker) is absent, so whatever
 * data may be there is not a complete artifact.
 */
public class ArtifactIncompleteException extends NoSuchFileException {
  public ArtifactIncompleteException(String manifestKey, String detail) {
    super(manifestKey, null, detail);
  }
}
