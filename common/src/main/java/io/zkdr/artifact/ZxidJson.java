package io.zkdr.artifact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** zxids in JSON as hex strings ({@code "0x100000a2f"}), the way operators read them. */
public final class ZxidJson {
  private ZxidJson() {}

  /** {@code 0x100000a2f}. */
  public static String format(long zxid) {
    return "0x" + Long.toHexString(zxid);
  }

  /** Parses {@code 0x...}; rejects anything else. */
  public static long parse(String text) {
    if (text == null || !(text.startsWith("0x") || text.startsWith("0X")) || text.length() < 3) {
      throw new IllegalArgumentException("zxid must be a hex string like \"0x100000a2f\": " + text);
    }
    return Long.parseUnsignedLong(text.substring(2), 16);
  }

  /** Writes a {@code long} zxid as a hex string. */
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

  /** Reads a hex-string zxid. */
  public static final class Deserializer extends StdDeserializer<Long> {
    public Deserializer() {
      super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Long)
            ctxt.handleUnexpectedToken(
                Long.class,
                p.currentToken(),
                p,
                "zxid '%s' must be a hex string like \"0x100000a2f\"",
                p.currentName());
      }
      try {
        return parse(p.getText());
      } catch (IllegalArgumentException e) {
        return (Long) ctxt.handleWeirdStringValue(Long.class, p.getText(), e.getMessage());
      }
    }
  }
}
