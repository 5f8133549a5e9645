package io.zkdr.artifact;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for chunk payloads. Each chunk gets nonce {@code salt(8) || index(4)} with an 8-byte
 * random salt per artifact, and is bound to its place by the additional data {@code salt || index
 * || rawLength}: a chunk moved, swapped or replayed from another artifact fails to decrypt. The
 * 16-byte tag follows the ciphertext.
 */
final class ChunkCipher {
  static final String ALGORITHM = "AES-256-GCM";
  static final int TAG_BYTES = 16;
  static final int SALT_BYTES = 8;

  private final SecretKey key;
  private final byte[] salt;

  ChunkCipher(SecretKey key, byte[] salt) {
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException("nonce salt must have " + SALT_BYTES + " bytes");
    }
    this.key = key;
    this.salt = salt.clone();
  }

  /** Encrypts {@code in[0..length)} into {@code out}; returns the bytes written (length + tag). */
  int encrypt(int index, int rawLength, byte[] in, int length, byte[] out)
      throws GeneralSecurityException {
    Cipher c = cipher(Cipher.ENCRYPT_MODE, index, rawLength);
    return c.doFinal(in, 0, length, out, 0);
  }

  /**
   * Decrypts and authenticates {@code in[0..length)} into {@code out}.
   *
   * @throws javax.crypto.AEADBadTagException if the key is wrong or the bytes were changed
   */
  int decrypt(int index, int rawLength, byte[] in, int length, byte[] out)
      throws GeneralSecurityException {
    Cipher c = cipher(Cipher.DECRYPT_MODE, index, rawLength);
    return c.doFinal(in, 0, length, out, 0);
  }

  private Cipher cipher(int mode, int index, int rawLength) throws GeneralSecurityException {
    byte[] nonce = ByteBuffer.allocate(12).put(salt).putInt(index).array();
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
    c.updateAAD(ByteBuffer.allocate(16).put(salt).putInt(index).putInt(rawLength).array());
    return c;
  }
}
