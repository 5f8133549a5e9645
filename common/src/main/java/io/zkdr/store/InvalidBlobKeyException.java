package io.zkdr.store;

/** A key that no store accepts (absolute, with {@code ..}, empty, ...). */
public class InvalidBlobKeyException extends IllegalArgumentException {
  private final String key;

  public InvalidBlobKeyException(String key, String reason) {
    super("invalid blob key '" + key + "': " + reason);
    this.key = key;
  }

  /** The rejected key. */
  public String key() {
    return key;
  }
}
