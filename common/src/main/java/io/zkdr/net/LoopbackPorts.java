package io.zkdr.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers this process starts and hands to others (scratch ZooKeeper
 * servers, the demo, test and benchmark clusters).
 *
 * <p>Ports are picked below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range},
 * 32768-60999 by default). A port the kernel handed out with {@code bind(0)} comes from that range,
 * and any outgoing connection may take it as its local port between the pick and the server's own
 * bind, which then fails with "Address already in use". Below the range only another server can
 * take it. Each port is handed out once per process, and the walk starts at a random place so that
 * two processes rarely try the same ports.
 */
public final class LoopbackPorts {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int DEFAULT_EPHEMERAL_LOW = 32768;
  private static final int SPAN = 12_000;
  private static final int LOWEST = 1024;

  private static final Set<Integer> HANDED_OUT = new HashSet<>();
  private static int low = -1;
  private static int high;
  private static int cursor;

  private LoopbackPorts() {}

  /**
   * A loopback port nothing listens on, not handed out before by this process.
   *
   * @throws UncheckedIOException when no port below the ephemeral range is free
   */
  public static synchronized int next() {
    if (low < 0) {
      high = ephemeralLow();
      low = Math.max(LOWEST, high - SPAN);
      cursor = low + ThreadLocalRandom.current().nextInt(high - low);
    }
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int tried = 0; tried < high - low; tried++) {
      int port = cursor;
      cursor = cursor + 1 >= high ? low : cursor + 1;
      if (HANDED_OUT.contains(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(loopback, port), 1);
      } catch (IOException inUse) {
        continue;
      }
      HANDED_OUT.add(port);
      return port;
    }
    throw new UncheckedIOException(
        new IOException("no free loopback port in " + low + ".." + (high - 1)));
  }

  /** The first port of the kernel's ephemeral range, or 32768 where it cannot be read. */
  static int ephemeralLow() {
    try {
      String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
      int first = Integer.parseInt(range[0]);
      // a range starting very low leaves no room below it: use the default split then
      return first > LOWEST + 1000 ? first : DEFAULT_EPHEMERAL_LOW;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }
}
