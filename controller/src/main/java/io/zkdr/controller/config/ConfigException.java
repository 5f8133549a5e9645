package io.zkdr.controller.config;

/** The configuration file is unreadable or a key is missing or wrong; the message names the key. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The offending key, dotted ({@code peers[1].raft}). */
  public String key() {
    return key;
  }
}
