package io.zkdr.agent.config;

/**
 * The agent's config file is unreadable or a key is missing or wrong; the message names the key.
 */
public final class AgentConfigException extends RuntimeException {
  private final String key;

  public AgentConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The offending key path ({@code ensembles[0].members[1].clientPort}). */
  public String key() {
    return key;
  }
}
