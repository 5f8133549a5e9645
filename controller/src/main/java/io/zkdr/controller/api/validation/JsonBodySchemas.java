package io.zkdr.controller.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The contract's JSON request-body schemas, compiled once into validators that check a parsed body
 * directly. vertx-json-schema interprets the schema document on every request and compiles every
 * {@code pattern} each time it is checked; for the catalog's write path that was the largest single
 * cost of a request. These validators are built from the same OpenAPI document (JSON Schema
 * 2020-12, as OpenAPI 3.1 specifies), with formats asserted, and the body they parse is kept so the
 * handler does not parse it again.
 */
final class JsonBodySchemas {
  private static final ObjectMapper JSON = JsonMapperFactory.shared();
  private static final String JSON_MEDIA = "application/json";

  private final Map<RequestBody, JsonSchema> byBody = new IdentityHashMap<>();

  /**
   * @param compiler compiles schemas of the contract document as written
   * @param operations the contract's operations
   */
  JsonBodySchemas(SchemaCompiler compiler, List<Operation> operations) {
    for (Operation op : operations) {
      RequestBody body = op.getRequestBody();
      if (body == null || !body.getContent().containsKey(JSON_MEDIA)) {
        continue;
      }
      JsonNode bodySchema =
          compiler.at(
              "/paths/"
                  + SchemaCompiler.escape(op.getOpenAPIPath())
                  + "/"
                  + op.getHttpMethod().name().toLowerCase(Locale.ROOT)
                  + "/requestBody/content/"
                  + SchemaCompiler.escape(JSON_MEDIA)
                  + "/schema");
      if (!bodySchema.isObject()) {
        throw new IllegalStateException(
            "no JSON body schema at " + op.getOpenAPIPath() + " " + op.getHttpMethod());
      }
      byBody.put(body, compiler.compile(bodySchema));
    }
  }

  /** Whether this body is validated here (a JSON body of a contract operation). */
  boolean covers(RequestBody body, MediaType mediaType) {
    return mediaType != null
        && JSON_MEDIA.equals(mediaType.getIdentifier())
        && byBody.containsKey(body);
  }

  /**
   * Parses and validates a body.
   *
   * @return the parsed body
   * @throws ValidatorException naming the first fields at fault, or the JSON syntax error
   */
  JsonNode validate(RequestBody body, byte[] content) {
    JsonNode node;
    try {
      node = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      throw new ValidatorException(
          "malformed JSON: " + e.getOriginalMessage(), ValidatorErrorType.INVALID_VALUE);
    } catch (IOException e) {
      throw new ValidatorException(
          "unreadable body: " + e.getMessage(), ValidatorErrorType.INVALID_VALUE);
    }
    if (node == null || node.isMissingNode()) {
      throw new ValidatorException(
          "The related request does not contain the required body.",
          ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
    }
    Set<ValidationMessage> errors = byBody.get(body).validate(node);
    if (!errors.isEmpty()) {
      String reasons =
          errors.stream()
              .limit(5)
              .map(ValidationMessage::getMessage)
              .collect(Collectors.joining("; "));
      throw new ValidatorException(
          "The value of the request body is invalid. Reason: " + reasons,
          ValidatorErrorType.INVALID_VALUE);
    }
    return node;
  }
}
