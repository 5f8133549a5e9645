package io.zkdr.controller.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A catalog value as stored: JSON written by the same mapper the API answers with, so a list answer
 * can carry it as it is instead of decoding every entry and encoding it again.
 *
 * @param json UTF-8 JSON of one entity
 */
@JsonSerialize(using = RawJson.Writer.class)
public record RawJson(byte[] json) {
  /** Writes the stored JSON in place. */
  static final class Writer extends StdSerializer<RawJson> {
    Writer() {
      super(RawJson.class);
    }

    @Override
    public void serialize(RawJson value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeRawValue(new String(value.json(), StandardCharsets.UTF_8));
    }
  }
}
