package io.zkdr.store;

/** The rules every store applies to object keys, so that a key means the same thing everywhere. */
public final class BlobKeys {

  /** Longest key accepted; S3 allows 1024 bytes, and a store prefix takes some of them. */
  public static final int MAX_KEY_LENGTH = 900;

  private BlobKeys() {}

  /**
   * Checks that {@code key} is a relative, slash-separated name with no empty, {@code .} or {@code
   * ..} segment, no backslash and no control character.
   *
   * @throws InvalidBlobKeyException naming the key and the rule it breaks
   */
  public static String validate(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidBlobKeyException(String.valueOf(key), "key is empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new InvalidBlobKeyException(
          key, "key is longer than " + MAX_KEY_LENGTH + " characters");
    }
    if (key.startsWith("/")) {
      throw new InvalidBlobKeyException(key, "key must be relative, not start with '/'");
    }
    if (key.endsWith("/")) {
      throw new InvalidBlobKeyException(key, "key must name an object, not end with '/'");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\') {
        throw new InvalidBlobKeyException(key, "backslash is not allowed, use '/'");
      }
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidBlobKeyException(key, "control character at index " + i);
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new InvalidBlobKeyException(key, "empty path segment ('//')");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidBlobKeyException(key, "'" + segment + "' segments are not allowed");
      }
    }
    return key;
  }

  /** Checks a listing prefix: empty, or a key-like string that may end with {@code /}. */
  public static String validatePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (body.isEmpty()) {
      throw new InvalidBlobKeyException(prefix, "prefix must be relative, not '/'");
    }
    validate(body);
    return prefix;
  }
}
