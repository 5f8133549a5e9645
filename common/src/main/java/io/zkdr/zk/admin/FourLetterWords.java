package io.zkdr.zk.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Sends ZooKeeper four-letter words over the client port and parses the answers zkdr uses. The
 * server must allow them ({@code 4lw.commands.whitelist}).
 */
public final class FourLetterWords {

  private static final String NOT_SERVING = "This ZooKeeper instance is not currently serving";

  private FourLetterWords() {}

  /** Sends {@code word} and returns the whole answer. */
  public static String send(String host, int port, String word, Duration timeout)
      throws IOException {
    if (word.length() != 4) {
      throw new IllegalArgumentException("four-letter word expected, got '" + word + "'");
    }
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(word.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(
          "four-letter word '" + word + "' to " + host + ":" + port + ": " + e, e);
    }
  }

  /** {@code mntr} as key/value pairs ({@code zk_server_state -> leader}); empty if not serving. */
  public static Map<String, String> mntr(String host, int port, Duration timeout)
      throws IOException {
    return parseMntr(send(host, port, "mntr", timeout));
  }

  /** {@code srvr}: serving or not, mode, last zxid, znode count. */
  public static ServerStatus srvr(String host, int port, Duration timeout) throws IOException {
    return parseSrvr(send(host, port, "srvr", timeout));
  }

  /**
   * {@code hash}: the server's digest history, zxid to tree digest (one entry every 128 zxids, the
   * last 1024 kept). Empty when the server is not serving or digests are off.
   */
  public static NavigableMap<Long, Long> hash(String host, int port, Duration timeout)
      throws IOException {
    return parseHash(send(host, port, "hash", timeout));
  }

  static Map<String, String> parseMntr(String answer) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : answer.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        values.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
      }
    }
    return Collections.unmodifiableMap(values);
  }

  static ServerStatus parseSrvr(String answer) {
    if (answer.contains(NOT_SERVING)) {
      return ServerStatus.notServing();
    }
    String mode = "";
    long zxid = -1;
    long nodes = -1;
    String version = "";
    for (String raw : answer.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("Mode:")) {
        mode = line.substring(5).trim();
      } else if (line.startsWith("Zxid:")) {
        String v = line.substring(5).trim();
        zxid = Long.parseUnsignedLong(v.startsWith("0x") ? v.substring(2) : v, 16);
      } else if (line.startsWith("Node count:")) {
        nodes = Long.parseLong(line.substring(11).trim());
      } else if (line.startsWith("Zookeeper version:")) {
        version = line.substring(18).trim();
      }
    }
    return new ServerStatus(!mode.isEmpty(), mode, zxid, nodes, version);
  }

  static NavigableMap<Long, Long> parseHash(String answer) {
    NavigableMap<Long, Long> digests = new TreeMap<>();
    if (answer.contains(NOT_SERVING)) {
      return digests;
    }
    for (String raw : answer.split("\n")) {
      String line = raw.trim();
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      long zxid = Long.parseUnsignedLong(line.substring(0, colon).trim(), 16);
      long digest = Long.parseLong(line.substring(colon + 1).trim());
      digests.put(zxid, digest);
    }
    return digests;
  }
}
