package io.zkdr.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one place zkdr configures Jackson: unknown properties fail, instants are ISO-8601 strings,
 * null fields are left out, and map keys are sorted so the same value always encodes to the same
 * bytes (the controller's replicated state depends on that).
 */
public final class JsonMapperFactory {
  private static final ObjectMapper SHARED = newJsonMapper();

  private JsonMapperFactory() {}

  /** The shared, thread-safe JSON mapper. Do not reconfigure it. */
  public static ObjectMapper shared() {
    return SHARED;
  }

  /** A new JSON mapper with the zkdr settings. */
  public static ObjectMapper newJsonMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(InstantJson.module())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }

  /** A new YAML mapper with the same settings, for configuration files. */
  public static ObjectMapper newYamlMapper() {
    return YAMLMapper.builder()
        .addModule(new JavaTimeModule())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }
}
