package io.zkdr.cli.restore;

/** Where a restore writes (the {@code target} parameter of a RESTORE job). */
public enum RestoreTarget {
  /** A new scratch ensemble the agent starts (drills, inspection). */
  scratch,
  /** The ensemble's own stopped members: a loadable data dir for each. */
  members,
  /** A running ensemble, through client writes (subtrees, migrations). */
  running
}
