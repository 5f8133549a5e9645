package io.zkdr.agent.catalog;

import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.artifact.ArtifactKind;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.TreeDigest;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.zk.Zxid;
import java.util.List;
import java.util.Map;

/** Catalog entries made from artifact manifests. */
public final class BackupRecords {
  private BackupRecords() {}

  /**
   * The catalog entry of a committed artifact with one copy.
   *
   * @param parentId the previous link of the chain (null for a FULL)
   * @param copy where the artifact's bytes are (checksum = the manifest's {@code dataSha256})
   */
  public static Backup of(ArtifactManifest m, String parentId, BackupCopy copy) {
    boolean full = m.kind() == ArtifactKind.FULL;
    return new Backup(
        m.artifactId(),
        m.ensemble(),
        full ? BackupKind.FULL : BackupKind.INCREMENTAL,
        full ? m.toZxid() : m.fromZxid(),
        m.toZxid(),
        m.createdAt(),
        digest(m.digest()),
        m.dataLength(),
        ArtifactKeys.manifest(ArtifactLocations.prefix(m.ensemble(), m.artifactId())),
        full ? null : parentId,
        Map.of(copy.region(), copy),
        List.of());
  }

  /**
   * The catalog's text form of a tree digest: {@code <value hex>@<zxid hex>}, e.g. {@code
   * 5f3a91c2@0x100000a2f}; null when the source had digests off.
   */
  public static String digest(TreeDigest d) {
    return d == null ? null : Long.toHexString(d.value()) + "@" + Zxid.hex(d.zxid());
  }
}
