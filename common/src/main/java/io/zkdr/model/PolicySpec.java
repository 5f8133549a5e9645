package io.zkdr.model;

import java.util.List;

/**
 * Schedules and rules for the ensembles that name this policy. Cron expressions are Unix (5 field)
 * expressions evaluated in UTC.
 *
 * @param fullBackupCron when to capture a full backup
 * @param incrementalMode how to ship increments
 * @param incrementalCron when to ship increments, for {@link IncrementalMode#CRON}
 * @param retention what to keep
 * @param replicateTo regions every backup is copied to
 * @param verification how backups are checked
 * @param drillCron when to run a restore drill, or null
 */
public record PolicySpec(
    String fullBackupCron,
    IncrementalMode incrementalMode,
    String incrementalCron,
    RetentionRule retention,
    List<String> replicateTo,
    VerificationRule verification,
    String drillCron) {
  public PolicySpec {
    replicateTo = replicateTo == null ? List.of() : List.copyOf(replicateTo);
  }
}
