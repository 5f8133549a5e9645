package io.zkdr.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants in the one form zkdr writes, {@code 2026-11-24T08:22:15.447Z} (what {@link
 * Instant#toString()} gives), read and written without {@code java.time.format}. Every backup
 * record carries several instants, and the controllers decode and encode each record on every
 * member, so the formatter's parsing objects were a sixth of what the controllers allocated under
 * write load. Anything else (offsets, lower case, leap seconds, years outside 0000-9999, timestamps
 * as numbers, annotated fields) goes to jackson-datatype-jsr310 unchanged, with its messages.
 */
public final class InstantJson {
  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written with four digits. */
  private static final long MIN_FAST_SECOND = -62_167_219_200L;

  private static final long MAX_FAST_SECOND = 253_402_300_799L;

  private InstantJson() {}

  /** A module to add after {@code JavaTimeModule}; modules added later take precedence. */
  public static SimpleModule module() {
    SimpleModule m = new SimpleModule("zkdr-instant");
    m.addSerializer(Instant.class, new Serializer());
    m.addDeserializer(Instant.class, new Deserializer(InstantDeserializer.INSTANT));
    return m;
  }

  /**
   * Parses {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} from {@code len} chars at {@code off}.
   *
   * @return the instant, or null when the text is not in exactly that form or names no real date
   */
  static Instant parseCanonical(char[] text, int off, int len) {
    if (len < 20 || len > 30 || len == 21 || text[off + len - 1] != 'Z') {
      return null;
    }
    int year = digits(text, off, 4);
    int month = digits(text, off + 5, 2);
    int day = digits(text, off + 8, 2);
    int hour = digits(text, off + 11, 2);
    int minute = digits(text, off + 14, 2);
    int second = digits(text, off + 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || text[off + 4] != '-'
        || text[off + 7] != '-'
        || text[off + 10] != 'T'
        || text[off + 13] != ':'
        || text[off + 16] != ':'
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (len > 20) {
      int fraction = len - 21;
      if (text[off + 19] != '.' || (nanos = digits(text, off + 20, fraction)) < 0) {
        return null;
      }
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
  }

  /** The value of {@code count} decimal digits at {@code off}, or -1 if any is not a digit. */
  private static int digits(char[] text, int off, int count) {
    int v = 0;
    for (int i = off; i < off + count; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * Writes {@code value} as {@link Instant#toString()} does into {@code out} (30 chars at least).
   *
   * @return the length written, or -1 for a year outside 0000-9999
   */
  static int formatCanonical(Instant value, char[] out) {
    long seconds = value.getEpochSecond();
    if (seconds < MIN_FAST_SECOND || seconds > MAX_FAST_SECOND) {
      return -1;
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    put(out, 0, t.getYear(), 4);
    out[4] = '-';
    put(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, t.getHour(), 2);
    out[13] = ':';
    put(out, 14, t.getMinute(), 2);
    out[16] = ':';
    put(out, 17, t.getSecond(), 2);
    int len = 19;
    int nanos = value.getNano();
    // As ISO_INSTANT: no fraction for whole seconds, else 3, 6 or 9 digits, whichever is enough.
    if (nanos != 0) {
      out[len++] = '.';
      if (nanos % 1_000_000 == 0) {
        put(out, len, nanos / 1_000_000, 3);
        len += 3;
      } else if (nanos % 1_000 == 0) {
        put(out, len, nanos / 1_000, 6);
        len += 6;
      } else {
        put(out, len, nanos, 9);
        len += 9;
      }
    }
    out[len++] = 'Z';
    return len;
  }

  private static void put(char[] out, int off, int value, int width) {
    for (int i = off + width - 1; i >= off; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Writes instants as ISO-8601 strings; defers to jsr310 where it would write anything else. */
  static final class Serializer extends StdSerializer<Instant> implements ContextualSerializer {
    Serializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      char[] out = new char[30];
      int len =
          provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              ? -1
              : formatCanonical(value, out);
      if (len < 0) {
        InstantSerializer.INSTANCE.serialize(value, gen, provider);
      } else {
        gen.writeString(out, 0, len);
      }
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider prov, BeanProperty property)
        throws JsonMappingException {
      // jsr310 makes a new serializer for every property, so compare the format, not the result.
      return plain(findFormatOverrides(prov, property, handledType()))
          ? this
          : InstantSerializer.INSTANCE.createContextual(prov, property);
    }
  }

  /** Reads canonical ISO-8601 strings itself and everything else through jsr310. */
  static final class Deserializer extends StdScalarDeserializer<Instant>
      implements ContextualDeserializer {
    private final JsonDeserializer<Instant> standard;

    Deserializer(JsonDeserializer<Instant> standard) {
      super(Instant.class);
      this.standard = standard;
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        Instant fast = parseCanonical(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (fast != null) {
          return fast;
        }
      }
      return standard.deserialize(p, ctxt);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      return plain(findFormatOverrides(ctxt, property, handledType()))
          ? this
          : ((ContextualDeserializer) standard).createContextual(ctxt, property);
    }
  }

  /** No pattern, shape, zone, locale, leniency or feature asked for, here or for all instants. */
  private static boolean plain(JsonFormat.Value format) {
    return format == null || JsonFormat.Value.empty().equals(format);
  }
}
