package io.zkdr.model;

/**
 * Grandfather-father-son retention of full backups (and the increments chained to them).
 *
 * @param keepDaily keep the newest full backup of each of the last N days that have one
 * @param keepWeekly keep the newest full backup of each of the last N ISO weeks that have one
 * @param keepMonthly keep the newest full backup of each of the last N months that have one
 */
public record RetentionRule(int keepDaily, int keepWeekly, int keepMonthly) {}
