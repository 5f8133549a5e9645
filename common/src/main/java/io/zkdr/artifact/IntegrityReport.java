package io.zkdr.artifact;

/**
 * What {@link ArtifactReader#verifyIntegrity()} checked, all of it successfully.
 *
 * @param artifactId the artifact
 * @param chunks chunk frames read, checked and decompressed
 * @param rawLength raw bytes the chunks decompressed to
 * @param dataLength bytes of {@code data.zkdr} read
 * @param dataSha256 SHA-256 of {@code data.zkdr}, equal to the manifest's
 */
public record IntegrityReport(
    String artifactId, int chunks, long rawLength, long dataLength, String dataSha256) {}
