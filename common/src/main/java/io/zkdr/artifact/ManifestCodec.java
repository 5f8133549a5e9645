package io.zkdr.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads and writes {@code manifest.json}. Reading is strict: an unknown field, a missing field or
 * another format version is an error naming the manifest, since a reader that skipped what it does
 * not understand could restore the wrong thing.
 */
public final class ManifestCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .serializationInclusion(JsonInclude.Include.ALWAYS)
          .build();

  private ManifestCodec() {}

  private static final String UNSEALED = "0".repeat(64);

  /** The manifest as UTF-8 JSON, with {@code manifestSha256} computed over these very bytes. */
  public static byte[] write(ArtifactManifest manifest) {
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(manifest.withManifestSha256(UNSEALED));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize manifest of " + manifest.artifactId(), e);
    }
    return seal(json);
  }

  /**
   * Fills the zeroed {@code manifestSha256} value of {@code json} with the SHA-256 of {@code json}
   * as it is (zeros included). Exposed to tests that craft manifests.
   */
  static byte[] seal(byte[] json) {
    int at = indexOfValue(json, UNSEALED);
    if (at < 0) {
      throw new IllegalArgumentException("manifest JSON has no zeroed manifestSha256 to seal");
    }
    byte[] hex = sha256Hex(json).getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = json.clone();
    System.arraycopy(hex, 0, sealed, at, hex.length);
    return sealed;
  }

  private static void checkSeal(JsonNode tree, byte[] json, String source)
      throws ArtifactCorruptException {
    JsonNode node = tree.get("manifestSha256");
    if (node == null || !node.isTextual() || !node.textValue().matches("[0-9a-f]{64}")) {
      throw new ArtifactCorruptException(
          source, -1, -1, "manifest has no valid manifestSha256 (64 lower-case hex digits)");
    }
    String recorded = node.textValue();
    int at = indexOfValue(json, recorded);
    if (at < 0) {
      throw new ArtifactCorruptException(
          source, -1, -1, "manifestSha256 value is not written as plain text in the manifest");
    }
    byte[] zeroed = json.clone();
    Arrays.fill(zeroed, at, at + 64, (byte) '0');
    String actual = sha256Hex(zeroed);
    if (!actual.equals(recorded)) {
      throw new ArtifactCorruptException(
          source,
          -1,
          -1,
          "manifest bytes changed: manifestSha256 expected " + recorded + ", found " + actual);
    }
  }

  /** Position of the 64-character string value {@code "<value>"} in {@code json}, or -1. */
  private static int indexOfValue(byte[] json, String value) {
    byte[] needle = ('"' + value + '"').getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + needle.length <= json.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (json[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i + 1;
    }
    return -1;
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Parses a manifest read from {@code source} (used in messages) and checks its layout.
   *
   * @throws ArtifactCorruptException if it is not a valid version-1 manifest
   */
  public static ArtifactManifest read(byte[] json, String source) throws ArtifactCorruptException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ArtifactCorruptException(
          source, -1, -1, "manifest is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ArtifactCorruptException(source, -1, -1, "manifest cannot be parsed: " + e, e);
    }
    if (tree == null || !tree.isObject()) {
      throw new ArtifactCorruptException(source, -1, -1, "manifest is not a JSON object");
    }
    JsonNode version = tree.get("formatVersion");
    if (version == null || !version.isInt()) {
      throw new ArtifactCorruptException(source, -1, -1, "manifest has no integer formatVersion");
    }
    if (version.intValue() != ArtifactManifest.FORMAT_VERSION) {
      throw new ArtifactCorruptException(
          source,
          -1,
          -1,
          "manifest formatVersion "
              + version.intValue()
              + " is not supported (this reader knows "
              + ArtifactManifest.FORMAT_VERSION
              + ")");
    }
    checkSeal(tree, json, source);
    ArtifactManifest manifest;
    try {
      manifest = MAPPER.treeToValue(tree, ArtifactManifest.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ArtifactCorruptException(
          source,
          -1,
          -1,
          "manifest has unknown field '"
              + e.getPropertyName()
              + "' at "
              + e.getPathReference()
              + " (formatVersion 1 does not define it)",
          e);
    } catch (JsonProcessingException e) {
      throw new ArtifactCorruptException(
          source, -1, -1, "manifest does not match formatVersion 1: " + e.getOriginalMessage(), e);
    }
    ManifestLayoutCheck.check(manifest, source);
    return manifest;
  }
}
