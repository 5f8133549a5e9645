package io.zkdr.controller.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.vertx.core.json.JsonObject;
import io.zkdr.json.JsonMapperFactory;

/**
 * Compiles schemas found in the OpenAPI document as written (JSON Schema 2020-12, as OpenAPI 3.1
 * specifies; formats asserted) into validators built once. A schema is compiled with the contract's
 * {@code components} placed beside it, so that its references into {@code #/components} resolve as
 * they do in the contract.
 */
final class SchemaCompiler {
  private static final ObjectMapper JSON = JsonMapperFactory.shared();

  private final ObjectNode doc;
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;

  /**
   * @param rawContract the contract document as written, its local {@code $ref}s intact
   */
  SchemaCompiler(JsonObject rawContract) {
    try {
      doc = (ObjectNode) JSON.readTree(rawContract.encode());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the OpenAPI contract is not JSON", e);
    }
    // 2020-12, knowing that the components placed beside each schema are not a keyword.
    JsonMetaSchema meta =
        JsonMetaSchema.builder(JsonMetaSchema.getV202012())
            .keyword(new NonValidationKeyword("components"))
            .build();
    factory =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(meta));
    config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();
  }

  /** The document node at a JSON pointer (a missing node when there is none). */
  JsonNode at(String pointer) {
    return doc.at(pointer);
  }

  /** Follows a local {@code $ref} ({@code #/...}) once; other nodes are returned as they are. */
  JsonNode deref(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isTextual() && ref.asText().startsWith("#/")) {
      return doc.at(ref.asText().substring(1));
    }
    return node;
  }

  /** A validator for {@code schema}, a schema object of the document. */
  JsonSchema compile(JsonNode schema) {
    ObjectNode root = schema.deepCopy();
    root.set("components", doc.get("components"));
    JsonSchema compiled = factory.getSchema(root, config);
    compiled.initializeValidators();
    return compiled;
  }

  /** Escapes one token of a JSON pointer. */
  static String escape(String pointerToken) {
    return pointerToken.replace("~", "~0").replace("/", "~1");
  }
}
