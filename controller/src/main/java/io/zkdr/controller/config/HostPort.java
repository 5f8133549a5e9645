package io.zkdr.controller.config;

/**
 * A host and port.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record HostPort(String host, int port) {
  @Override
  public String toString() {
    return host + ":" + port;
  }
}
