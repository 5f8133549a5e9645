package io.zkdr.controller.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import io.zkdr.json.JsonMapperFactory;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContractRequestValidatorTest {
  private static Vertx vertx;
  private static OpenAPIContract contract;
  private static JsonObject document;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    try (InputStream in =
        ContractRequestValidatorTest.class.getResourceAsStream(
            "/io/zkdr/controller/api/openapi.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = JsonMapperFactory.newYamlMapper().readValue(in, Map.class);
      document = new JsonObject(raw);
      contract =
          OpenAPIContract.from(vertx, document.copy())
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  private static ValidatableRequest putRegion(String body) {
    Map<String, RequestParameter> path = Map.of("name", new RequestParameterImpl("us-east"));
    return new ValidatableRequestImpl(
        Map.of(),
        Map.of(),
        path,
        Map.of(),
        new RequestParameterImpl(Buffer.buffer(body)),
        "application/json");
  }

  @Test
  void validatesOnTheCallingThreadAndReusesValidators() {
    ContractRequestValidator v = ContractRequestValidator.create(vertx, contract, document);

    Future<ValidatedRequest> ok = v.validate(putRegion("{\"description\":\"east\"}"), "putRegion");
    assertTrue(ok.succeeded(), () -> String.valueOf(ok.cause()));
    assertEquals("us-east", ok.result().getPathParameters().get("name").getString());
    // A JSON body is parsed once, by the compiled body schema, and handed on parsed.
    assertInstanceOf(JsonNode.class, ok.result().getBody().get());
    assertEquals("east", ((JsonNode) ok.result().getBody().get()).get("description").asText());

    Future<ValidatedRequest> bad = v.validate(putRegion("{\"description\":42}"), "putRegion");
    assertTrue(bad.failed(), "a description that is not a string must be rejected");
    assertInstanceOf(ValidatorException.class, bad.cause());
    assertTrue(bad.cause().getMessage().contains("description"), bad.cause().getMessage());

    Future<ValidatedRequest> unknown =
        v.validate(putRegion("{\"description\":\"east\",\"colour\":1}"), "putRegion");
    assertTrue(unknown.failed(), "an unknown field must be rejected");
    assertTrue(unknown.cause().getMessage().contains("colour"), unknown.cause().getMessage());

    Future<ValidatedRequest> malformed = v.validate(putRegion("{\"description\":"), "putRegion");
    assertTrue(malformed.failed(), "malformed JSON must be rejected");
    assertTrue(
        malformed.cause().getMessage().startsWith("malformed JSON"),
        malformed.cause().getMessage());

    var schema = contract.operation("putRegion").getParameters().get(0).getSchema();
    CachingSchemaRepository repo = new CachingSchemaRepository(contract.getSchemaRepository());
    assertTrue(repo.validator(schema) == repo.validator(schema), "one validator per schema");
  }

  private static Parameter parameter(String operationId, String name) {
    return contract.operation(operationId).getParameters().stream()
        .filter(p -> p.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void stringParametersAreCheckedByCompiledSchemasThatOnlyEverAccept() {
    ParameterSchemas params =
        new ParameterSchemas(new SchemaCompiler(document), contract.operations());
    assertTrue(params.size() > 10, "string parameters compiled: " + params.size());
    Parameter name = parameter("listEnsembleBackups", "name");
    Parameter from = parameter("listEnsembleBackups", "from");
    Parameter consistency = parameter("listEnsembleBackups", "consistency");
    assertTrue(params.accepts(name, "zk-1"));
    assertFalse(params.accepts(name, "-zk"), "a name must start with a letter or digit");
    assertFalse(params.accepts(name, "x".repeat(201)), "a name has at most 200 characters");
    assertTrue(params.accepts(from, "2025-01-01T00:00:00Z"));
    assertFalse(params.accepts(from, "yesterday"));
    assertTrue(params.accepts(consistency, "linearizable"));
    assertFalse(params.accepts(consistency, "eventual"));
    assertFalse(
        params.accepts(parameter("listEnsembleBackups", "limit"), "10"),
        "integers are left to vertx-openapi");

    // Through the validator: a refused value fails with the parameter named.
    ContractRequestValidator v = ContractRequestValidator.create(vertx, contract, document);
    Future<ValidatedRequest> ok =
        v.validate(listBackups("2025-01-01T00:00:00Z"), "listEnsembleBackups");
    assertTrue(ok.succeeded(), () -> String.valueOf(ok.cause()));
    assertEquals("2025-01-01T00:00:00Z", ok.result().getQuery().get("from").getString());
    Future<ValidatedRequest> bad = v.validate(listBackups("yesterday"), "listEnsembleBackups");
    assertTrue(bad.failed(), "a from that is not a date-time must be rejected");
    assertTrue(bad.cause().getMessage().contains("from"), bad.cause().getMessage());
  }

  private static ValidatableRequest listBackups(String from) {
    return new ValidatableRequestImpl(
        Map.of(),
        Map.of(),
        Map.of("name", new RequestParameterImpl("zk-1")),
        Map.of("from", new RequestParameterImpl(from)),
        null,
        null);
  }
}
