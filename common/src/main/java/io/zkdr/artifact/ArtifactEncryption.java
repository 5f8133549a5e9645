package io.zkdr.artifact;

import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key an artifact is encrypted with at rest (AES-256-GCM), and the id under which the manifest
 * records it. The key itself is never written anywhere.
 *
 * @param keyId how operators and {@link EncryptionKeyResolver}s name the key ({@code dr-2026-q4})
 * @param key a 256-bit AES key
 */
public record ArtifactEncryption(String keyId, SecretKey key) {

  public ArtifactEncryption {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    if (keyId.isBlank()) {
      throw new IllegalArgumentException("encryption key id is blank");
    }
    byte[] encoded = key.getEncoded();
    if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || encoded == null || encoded.length != 32) {
      throw new IllegalArgumentException(
          "key " + keyId + " must be a 256-bit AES key, got " + key.getAlgorithm());
    }
  }

  /** A key from its 32 raw bytes. */
  public static ArtifactEncryption of(String keyId, byte[] rawKey) {
    if (rawKey == null || rawKey.length != 32) {
      throw new IllegalArgumentException("key " + keyId + " must have 32 bytes");
    }
    return new ArtifactEncryption(keyId, new SecretKeySpec(rawKey, "AES"));
  }

  @Override
  public String toString() {
    return "ArtifactEncryption[keyId=" + keyId + "]";
  }
}
