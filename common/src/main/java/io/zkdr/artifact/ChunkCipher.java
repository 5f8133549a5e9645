package io.zkdr.artifact;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for chunk payloads.
 *
 * <p>Each artifact encrypts under its own key, {@code HMAC-SHA256(master key, "zkdr artifact chunk
 * key v1" || salt)} with a 16-byte random salt, so nonces only need to be unique within one
 * artifact: segment {@code s} of chunk {@code i} uses nonce {@code int32(i) || int32(s) ||
 * int32(0)}. A chunk's stored bytes are split into segments of {@value #SEGMENT_BYTES} plaintext
 * bytes, each followed by its 16-byte tag; with calls this small the JIT compiles the JDK's GCM
 * after a few hundred megabytes (one call per 4 MiB chunk stays slow for over a gigabyte). The
 * additional data {@code int32(i) || int32(s) || byte(last) || int32(rawLength)} binds every
 * segment to its place, so moved, swapped, dropped or truncated segments fail authentication.
 */
final class ChunkCipher {
  static final String ALGORITHM = "AES-256-GCM";
  static final int TAG_BYTES = 16;
  static final int SALT_BYTES = 16;
  static final int SEGMENT_BYTES = 64 * 1024;

  private static final byte[] KDF_LABEL =
      "zkdr artifact chunk key v1".getBytes(StandardCharsets.US_ASCII);

  private final SecretKey artifactKey;

  ChunkCipher(SecretKey masterKey, byte[] salt) throws GeneralSecurityException {
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException("salt must have " + SALT_BYTES + " bytes");
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(masterKey.getEncoded(), "HmacSHA256"));
    mac.update(KDF_LABEL);
    mac.update(salt);
    this.artifactKey = new SecretKeySpec(mac.doFinal(), "AES");
  }

  /** Stored length of {@code plainLength} bytes once encrypted. */
  static int sealedLength(int plainLength) {
    return plainLength + segments(plainLength) * TAG_BYTES;
  }

  private static int segments(int plainLength) {
    return Math.max(1, (plainLength + SEGMENT_BYTES - 1) / SEGMENT_BYTES);
  }

  /** Encrypts {@code in[0..length)} into {@code out}; returns the bytes written. */
  int encrypt(int index, int rawLength, byte[] in, int length, byte[] out)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    int segments = segments(length);
    int written = 0;
    for (int s = 0; s < segments; s++) {
      int offset = s * SEGMENT_BYTES;
      int n = Math.min(SEGMENT_BYTES, length - offset);
      init(c, Cipher.ENCRYPT_MODE, index, s, s == segments - 1, rawLength);
      written += c.doFinal(in, offset, n, out, written);
    }
    return written;
  }

  /**
   * Decrypts and authenticates {@code in[0..length)} into {@code out}; returns the plaintext
   * length.
   *
   * @throws AEADBadTagException if the key is wrong or the bytes were changed or moved
   */
  int decrypt(int index, int rawLength, byte[] in, int length, byte[] out)
      throws GeneralSecurityException {
    int full = SEGMENT_BYTES + TAG_BYTES;
    int segments = Math.max(1, (length + full - 1) / full);
    if (length - (segments - 1) * full < TAG_BYTES) {
      throw new AEADBadTagException("stored length " + length + " cuts a segment's tag");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    int read = 0;
    int written = 0;
    for (int s = 0; s < segments; s++) {
      int n = Math.min(full, length - read);
      init(c, Cipher.DECRYPT_MODE, index, s, s == segments - 1, rawLength);
      written += c.doFinal(in, read, n, out, written);
      read += n;
    }
    return written;
  }

  private void init(Cipher c, int mode, int index, int segment, boolean last, int rawLength)
      throws GeneralSecurityException {
    byte[] nonce = ByteBuffer.allocate(12).putInt(index).putInt(segment).putInt(0).array();
    c.init(mode, artifactKey, new GCMParameterSpec(TAG_BYTES * 8, nonce));
    c.updateAAD(
        ByteBuffer.allocate(13)
            .putInt(index)
            .putInt(segment)
            .put((byte) (last ? 1 : 0))
            .putInt(rawLength)
            .array());
  }
}
