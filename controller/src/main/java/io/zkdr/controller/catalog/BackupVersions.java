package io.zkdr.controller.catalog;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Change stamps of each ensemble's backup records, so that an answer computed from them can be kept
 * until they change. A stamp is taken before reading the records; the answer is valid while the
 * ensemble's stamp is still the same.
 *
 * <p>Stamps move after a change is committed and before the Raft apply that made it completes: a
 * read that saw a stamp may have read newer records than the stamp says (its answer is then
 * recomputed once more, never kept too long), and a linearizable read, which waits for the apply,
 * sees the new stamp. Replacing the whole database (a snapshot install) moves every stamp.
 */
public final class BackupVersions {
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentHashMap<String, Long> byEnsemble = new ConcurrentHashMap<>();
  private volatile long replacedAt;

  /** The current stamp of an ensemble's backups. */
  public long stamp(String ensemble) {
    Long v = byEnsemble.get(ensemble);
    long replaced = replacedAt;
    return v == null || v < replaced ? replaced : v;
  }

  /** Called once the backups of these ensembles have changed. */
  void changed(Collection<String> ensembles) {
    for (String e : ensembles) {
      byEnsemble.put(e, sequence.incrementAndGet());
    }
  }

  /** Called once the whole database was replaced. */
  void replaced() {
    byEnsemble.clear();
    replacedAt = sequence.incrementAndGet();
  }
}
