package io.zkdr.model;

import java.util.List;

/**
 * One chain (a full backup and the contiguous increments after it) and what it can restore.
 *
 * @param fullBackupId the full backup that starts the chain
 * @param lastBackupId the last contiguous link
 * @param covered the zxids any of which can be restored from this chain
 * @param gaps missing transaction ranges after the covered range (increments exist beyond them but
 *     cannot be applied)
 */
public record RestorableChain(
    String fullBackupId, String lastBackupId, ZxidRange covered, List<ZxidRange> gaps) {
  public RestorableChain {
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
  }
}
