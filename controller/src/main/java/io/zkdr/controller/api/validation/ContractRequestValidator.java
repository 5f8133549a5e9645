package io.zkdr.controller.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.Map;

/**
 * Validates requests against the OpenAPI contract, on the calling event loop and with validators
 * built once at start-up.
 *
 * <p>vertx-openapi 5.0.10 validates every request inside an ordered {@code executeBlocking} (one
 * queue per context, so requests of a server wait for each other) and builds new schema validators
 * for the body and every parameter of every request. This class keeps vertx-openapi's parameter
 * rules and messages ({@link #validateParameter}, with a shortcut for string values), checks JSON
 * bodies with schemas compiled once from the same contract ({@link JsonBodySchemas}) and hands the
 * parsed body on under {@link #PARSED_BODY}. Validating the catalog's small requests takes
 * microseconds, which the event loop can afford.
 *
 * <p>An instance is meant for one event loop: build one per HTTP server instance.
 */
public final class ContractRequestValidator extends RequestValidatorImpl {
  private final OpenAPIContract cached;

  /**
   * Routing-context key of the parsed JSON body (a Jackson {@code JsonNode}) of a validated
   * request, so that handlers bind it without parsing the bytes again.
   */
  public static final String PARSED_BODY = "zkdr.parsedBody";

  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();
  private final JsonBodySchemas bodies;
  private final ParameterSchemas parameters;

  private ContractRequestValidator(Vertx vertx, OpenAPIContract cached, JsonObject document) {
    super(vertx, cached);
    this.cached = cached;
    SchemaCompiler compiler = new SchemaCompiler(document);
    this.bodies = new JsonBodySchemas(compiler, cached.operations());
    this.parameters = new ParameterSchemas(compiler, cached.operations());
  }

  /**
   * A validator for the contract whose schema validators are all built before it returns.
   *
   * @param contract the loaded contract
   * @param document the contract document as written (before vertx-openapi resolved it), from which
   *     the JSON body schemas are compiled
   */
  public static ContractRequestValidator create(
      Vertx vertx, OpenAPIContract contract, JsonObject document) {
    ContractRequestValidator v =
        new ContractRequestValidator(vertx, new CachedSchemaContract(contract), document);
    v.precompile();
    return v;
  }

  private void precompile() {
    SchemaRepository schemas = cached.getSchemaRepository();
    for (Operation op : cached.operations()) {
      for (Parameter p : op.getParameters()) {
        if (p.getSchema() != null) {
          schemas.validator(p.getSchema());
        }
      }
      if (op.getRequestBody() != null) {
        for (MediaType m : op.getRequestBody().getContent().values()) {
          if (m.getSchema() != null) {
            schemas.validator(m.getSchema());
          }
        }
      }
    }
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    Operation operation = cached.operation(operationId);
    if (operation == null) {
      return Future.failedFuture(ValidatorException.createOperationIdInvalid(operationId));
    }
    try {
      return Future.succeededFuture(validateNow(request, operation));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private ValidatedRequest validateNow(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>(4);
    Map<String, RequestParameter> headers = new HashMap<>(4);
    Map<String, RequestParameter> path = new HashMap<>(4);
    Map<String, RequestParameter> query = new HashMap<>(8);
    for (Parameter param : operation.getParameters()) {
      String name = param.getName();
      switch (param.getIn()) {
        case COOKIE -> cookies.put(name, validateParameter(param, request.getCookies().get(name)));
        case HEADER -> headers.put(name, validateParameter(param, request.getHeaders().get(name)));
        case PATH ->
            path.put(name, validateParameter(param, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validateParameter(param, request.getQuery().get(name)));
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  /**
   * As vertx-openapi, but a string parameter is taken as it is. vertx-openapi first tries to decode
   * every value that is not a plain word as JSON and then as a quoted JSON string, which throws and
   * catches two exceptions for a timestamp or a zxid: most of the cost of validating a query. The
   * value still goes through the parameter's schema: first the compiled one ({@link
   * ParameterSchemas}), and when that refuses it, vertx-json-schema's, for the error message.
   */
  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value)
      throws ValidatorException {
    if (value == null
        || value.isNull()
        || parameter.getSchemaType() != SchemaType.STRING
        || parameter.getSchema() == null) {
      return super.validateParameter(parameter, value);
    }
    String raw = String.valueOf(value.get());
    if (!raw.isEmpty() && raw.charAt(0) == '"') {
      return super.validateParameter(parameter, value);
    }
    if (parameters.accepts(parameter, raw)) {
      return new RequestParameterImpl(raw);
    }
    OutputUnit result = cached.getSchemaRepository().validator(parameter.getSchema()).validate(raw);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
    return new RequestParameterImpl(raw);
  }

  /** JSON bodies go through {@link JsonBodySchemas}; anything else as vertx-openapi does it. */
  @Override
  public RequestParameter validateBody(RequestBody requestBody, ValidatableRequest request) {
    if (requestBody == null || request.getBody() == null || request.getBody().isEmpty()) {
      return super.validateBody(requestBody, request);
    }
    MediaType mediaType = requestBody.determineContentType(request.getContentType());
    if (!bodies.covers(requestBody, mediaType)) {
      return super.validateBody(requestBody, request);
    }
    byte[] content = request.getBody().getBuffer(Buffer.buffer()).getBytes();
    return new RequestParameterImpl(bodies.validate(requestBody, content));
  }

  /**
   * The route handler validating requests of one operation: on success it stores the validated
   * request under {@link RouterBuilder#KEY_META_DATA_VALIDATED_REQUEST} and moves on; on failure it
   * fails the routing context with the validator's exception.
   */
  public Handler<RoutingContext> handler(String operationId) {
    Operation operation = cached.operation(operationId);
    if (operation == null) {
      throw new IllegalArgumentException("operation " + operationId + " is not in the contract");
    }
    return rc ->
        extractor
            .extractValidatableRequest(rc, operation)
            .compose(req -> validate(req, operationId))
            .onSuccess(
                validated -> {
                  rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
                  if (validated.getBody() != null
                      && validated.getBody().get() instanceof JsonNode parsed) {
                    rc.put(PARSED_BODY, parsed);
                  }
                  rc.next();
                })
            .onFailure(rc::fail);
  }
}
