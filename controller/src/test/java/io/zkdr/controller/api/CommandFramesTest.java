package io.zkdr.controller.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandFramesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void envelopesComeBackAsTheyWent() {
    List<byte[]> in = List.of(b("{\"a\":1}"), b(""), b("{\"b\":\"ü\"}"));
    List<byte[]> out = CommandFrames.decode(CommandFrames.encode(in));
    assertEquals(3, out.size());
    for (int i = 0; i < in.size(); i++) {
      assertArrayEquals(in.get(i), out.get(i));
    }
  }

  @Test
  void aBodyThatIsNotWholeFramesIsRefusedByName() {
    Buffer whole = CommandFrames.encode(List.of(b("{\"a\":1}")));
    assertTrue(message(Buffer.buffer(new byte[] {0, 0})).contains("missing the command count"));
    assertTrue(message(Buffer.buffer().appendInt(0)).contains("command count 0"));
    assertTrue(message(whole.getBuffer(0, whole.length() - 1)).contains("runs past the body"));
    assertTrue(message(whole.copy().appendByte((byte) 7)).contains("1 bytes after"));
    assertTrue(message(Buffer.buffer().appendInt(1).appendInt(-5)).contains("length -5"));
  }

  private static String message(Buffer body) {
    return assertThrows(IllegalArgumentException.class, () -> CommandFrames.decode(body))
        .getMessage();
  }
}
