package io.zkdr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Loopback ports that were free a moment ago and were not handed out before in this JVM. */
public final class FreePorts {

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** One free port on 127.0.0.1. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        int port = socket.getLocalPort();
        if (HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free loopback port", e);
      }
    }
    throw new IllegalStateException("no fresh free loopback port after 100 attempts");
  }
}
