package io.zkdr.artifact;

import java.io.IOException;
import java.util.Map;
import javax.crypto.SecretKey;

/** Finds the key an encrypted artifact's manifest names (from configuration, a KMS, ...). */
@FunctionalInterface
public interface EncryptionKeyResolver {

  /**
   * The key called {@code keyId}.
   *
   * @throws IOException if there is no such key or it cannot be fetched
   */
  SecretKey resolve(String keyId) throws IOException;

  /** Resolves from a fixed set of keys. */
  static EncryptionKeyResolver of(Map<String, SecretKey> keys) {
    Map<String, SecretKey> copy = Map.copyOf(keys);
    return keyId -> {
      SecretKey key = copy.get(keyId);
      if (key == null) {
        throw new IOException("no encryption key with id '" + keyId + "' among " + copy.keySet());
      }
      return key;
    };
  }

  /** Resolves just the given key. */
  static EncryptionKeyResolver of(ArtifactEncryption encryption) {
    return of(Map.of(encryption.keyId(), encryption.key()));
  }
}
