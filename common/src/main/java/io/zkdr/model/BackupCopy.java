package io.zkdr.model;

import java.time.Instant;

/**
 * Where one copy of an artifact is stored.
 *
 * @param region region whose store holds it
 * @param uri store URI ({@code file://} or {@code s3://})
 * @param checksum SHA-256 of the artifact bytes as stored, hex
 * @param verifiedAt when the copy was last read back and matched, or null if never
 */
public record BackupCopy(String region, String uri, String checksum, Instant verifiedAt) {}
