package io.zkdr.controller.api;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a forward between controllers: the number of commands, then each encoded command
 * envelope preceded by its length (big-endian 32-bit integers). The envelopes pass through as
 * bytes: the leader neither decodes nor re-encodes them.
 */
final class CommandFrames {
  private CommandFrames() {}

  static Buffer encode(List<byte[]> envelopes) {
    int size = 4;
    for (byte[] e : envelopes) {
      size += 4 + e.length;
    }
    Buffer b = Buffer.buffer(size).appendInt(envelopes.size());
    for (byte[] e : envelopes) {
      b.appendInt(e.length).appendBytes(e);
    }
    return b;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with a body that is not a whole frame
   */
  static List<byte[]> decode(Buffer body) {
    if (body == null || body.length() < 4) {
      throw new IllegalArgumentException("forward body: missing the command count");
    }
    int count = body.getInt(0);
    if (count < 1 || count > body.length() / 4) {
      throw new IllegalArgumentException("forward body: command count " + count + " is impossible");
    }
    List<byte[]> out = new ArrayList<>(count);
    int at = 4;
    for (int i = 0; i < count; i++) {
      if (at + 4 > body.length()) {
        throw new IllegalArgumentException("forward body: command " + i + " has no length");
      }
      int len = body.getInt(at);
      at += 4;
      if (len < 0 || len > body.length() - at) {
        throw new IllegalArgumentException(
            "forward body: command " + i + " length " + len + " runs past the body");
      }
      out.add(body.getBytes(at, at + len));
      at += len;
    }
    if (at != body.length()) {
      throw new IllegalArgumentException(
          "forward body: " + (body.length() - at) + " bytes after the last command");
    }
    return out;
  }
}
