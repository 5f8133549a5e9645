package io.zkdr.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Zxids are {@code long} in Java and hex strings such as {@code "0x100000a2f"} in JSON, the way
 * ZooKeeper prints them. Annotate a record component with {@code @JsonSerialize(using =
 * ZxidJson.Serializer.class) @JsonDeserialize(using = ZxidJson.Deserializer.class)}.
 */
public final class ZxidJson {
  private ZxidJson() {}

  /** Formats a zxid as {@code 0x} followed by lower-case hex digits. */
  public static String format(long zxid) {
    return "0x" + Long.toHexString(zxid);
  }

  /**
   * Parses {@code 0x...} hex (the canonical form) or plain decimal.
   *
   * @throws IllegalArgumentException naming the text when it is neither
   */
  public static long parse(String text) {
    String t = text.trim();
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        // Parsed in place: the substring was a tenth of the bytes a catalog write allocated.
        return Long.parseUnsignedLong(t, 2, t.length(), 16);
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a zxid (expected 0x-prefixed hex): '" + text + "'");
    }
  }

  /** Writes a zxid as a hex string. */
  public static final class Serializer extends StdSerializer<Long> {
    public Serializer() {
      super(Long.class);
    }

    @Override
    public void serialize(Long value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(format(value));
    }
  }

  /** Reads a zxid from a hex string. Bare JSON numbers are rejected: they lose precision in JS. */
  public static final class Deserializer extends StdDeserializer<Long> {
    public Deserializer() {
      super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Long)
            ctxt.handleUnexpectedToken(
                Long.class, p.currentToken(), p, "zxid must be a hex string like \"0x100000a2f\"");
      }
      try {
        return parse(p.getText());
      } catch (IllegalArgumentException e) {
        return (Long) ctxt.handleWeirdStringValue(Long.class, p.getText(), e.getMessage());
      }
    }
  }
}
