package io.zkdr.model;

/**
 * How backups are verified.
 *
 * @param everyBackup verify (read back, checksum, digest) every new backup
 * @param testRestoreEvery run a full test restore every N full backups; 0 disables it
 */
public record VerificationRule(boolean everyBackup, int testRestoreEvery) {}
