package io.zkdr.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  @Test
  void portsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
    int ephemeralLow = LoopbackPorts.ephemeralLow();
    Set<Integer> seen = new HashSet<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        int port = LoopbackPorts.next();
        assertTrue(seen.add(port), "port " + port + " handed out twice");
        assertTrue(port >= 1024 && port < ephemeralLow, port + " below " + ephemeralLow);
        // a server can bind it (held, so no later pick may be in use)
        ServerSocket s = new ServerSocket();
        held.add(s);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
