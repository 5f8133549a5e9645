package io.zkdr.zk.datadir;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a restore writes one member's data.
 *
 * @param myid the member's server id, written to {@code <dataDir>/myid}
 * @param dataDir the member's {@code dataDir}
 * @param dataLogDir the member's {@code dataLogDir} (may equal {@code dataDir})
 */
public record MemberDataDir(int myid, Path dataDir, Path dataLogDir) {

  public MemberDataDir {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(dataLogDir, "dataLogDir");
  }
}
