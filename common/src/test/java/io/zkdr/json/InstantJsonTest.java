package io.zkdr.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantJsonTest {
  private static final ObjectMapper JSON = JsonMapperFactory.shared();

  record Stamped(Instant at, List<Instant> more) {}

  record Patterned(
      @JsonFormat(pattern = "yyyy-MM-dd HH:mm", timezone = "UTC") Instant at,
      @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant epoch) {}

  @Test
  void writesWhatInstantToStringWritesAndReadsItBack() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
      String json = JSON.writeValueAsString(t);
      assertEquals("\"" + t + "\"", json);
      assertEquals(t, JSON.readValue(json, Instant.class));
    }
  }

  @Test
  void readsEveryFractionLengthAndTheEndsOfTheFourDigitYears() throws Exception {
    for (String text :
        List.of(
            "2026-11-24T08:22:15Z",
            "2026-11-24T08:22:15.4Z",
            "2026-11-24T08:22:15.44Z",
            "2026-11-24T08:22:15.447Z",
            "2026-11-24T08:22:15.4470001Z",
            "2026-11-24T08:22:15.123456789Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2024-02-29T23:59:59Z")) {
      char[] chars = ("x" + text + "y").toCharArray();
      assertEquals(Instant.parse(text), InstantJson.parseCanonical(chars, 1, text.length()), text);
      assertEquals(Instant.parse(text), JSON.readValue("\"" + text + "\"", Instant.class));
    }
  }

  @Test
  void leavesOtherFormsToJsr310() throws Exception {
    // Forms the fast path does not take but ISO-8601 (and jsr310) does.
    for (String text :
        List.of(
            "2026-11-24t08:22:15z",
            "+10000-01-01T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T08:22:15.Z")) {
      assertEquals(
          Instant.parse(text.toUpperCase()), JSON.readValue("\"" + text + "\"", Instant.class));
    }
    assertNull(InstantJson.parseCanonical("2026-11-24t08:22:15z".toCharArray(), 0, 20));
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    assertEquals("\"" + far + "\"", JSON.writeValueAsString(far));
    assertEquals(
        "\"-0001-06-01T00:00:00Z\"",
        JSON.writeValueAsString(Instant.parse("-0001-06-01T00:00:00Z")));
  }

  @Test
  void refusesWhatIsNoInstantWithJsr310sMessage() {
    for (String bad :
        List.of(
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-24T08:60:00Z",
            "2026-11-24 08:22:15Z",
            "2026-11-24T08:22:1xZ",
            "yesterday")) {
      assertNull(InstantJson.parseCanonical(bad.toCharArray(), 0, bad.length()), bad);
      JsonMappingException e =
          assertThrows(
              JsonMappingException.class,
              () -> JSON.readValue("{\"at\":\"" + bad + "\"}", Stamped.class),
              bad);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
      assertTrue(e.getMessage().contains("\"at\""), e.getMessage());
    }
  }

  @Test
  void recordFieldsAndListsGoThroughTheFastPath() throws Exception {
    DeserializationConfig config = JSON.getDeserializationConfig();
    DefaultDeserializationContext ctxt =
        ((DefaultDeserializationContext) JSON.getDeserializationContext())
            .createInstance(config, null, null);
    assertInstanceOf(
        InstantJson.Deserializer.class,
        ctxt.findRootValueDeserializer(JSON.constructType(Instant.class)));
    assertInstanceOf(
        InstantJson.Serializer.class,
        JSON.getSerializerProviderInstance().findValueSerializer(Instant.class));

    // A bean property goes through createContextual with the property: still the fast path.
    BeanSerializerBase beanSer =
        (BeanSerializerBase)
            JSON.getSerializerProviderInstance().findValueSerializer(Stamped.class);
    Iterator<PropertyWriter> writers = beanSer.properties();
    PropertyWriter at = writers.next();
    assertEquals("at", at.getName());
    assertInstanceOf(InstantJson.Serializer.class, ((BeanPropertyWriter) at).getSerializer());
    BeanDeserializerBase beanDeser =
        (BeanDeserializerBase) ctxt.findRootValueDeserializer(JSON.constructType(Stamped.class));
    assertInstanceOf(
        InstantJson.Deserializer.class, beanDeser.findProperty("at").getValueDeserializer());

    Stamped s =
        new Stamped(
            Instant.parse("2026-11-24T08:22:15.447Z"),
            List.of(Instant.parse("2026-11-24T08:22:16Z")));
    String json = JSON.writeValueAsString(s);
    assertEquals("{\"at\":\"2026-11-24T08:22:15.447Z\",\"more\":[\"2026-11-24T08:22:16Z\"]}", json);
    assertEquals(s, JSON.readValue(json, Stamped.class));
  }

  @Test
  void annotatedFieldsKeepJsr310Formats() throws Exception {
    Patterned p =
        new Patterned(
            Instant.parse("2026-11-24T08:22:00Z"), Instant.parse("2026-11-24T08:22:15.5Z"));
    String json = JSON.writeValueAsString(p);
    assertEquals("{\"at\":\"2026-11-24 08:22\",\"epoch\":1795508535.500000000}", json);
    assertEquals(p, JSON.readValue(json, Patterned.class));
  }
}
