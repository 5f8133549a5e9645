package io.zkdr.controller.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schemas of the contract's string parameters (names, timestamps, tokens), compiled once. A
 * read request's parameters went through vertx-json-schema's interpreter, which parses the schema
 * and compiles each {@code pattern} on every check; these validators answer "valid" in a fraction
 * of that. They only ever accept: a value they refuse is checked again the vertx-openapi way, which
 * gives the error its usual message.
 */
final class ParameterSchemas {
  private final Map<Parameter, JsonSchema> byParameter = new IdentityHashMap<>();

  ParameterSchemas(SchemaCompiler compiler, List<Operation> operations) {
    for (Operation op : operations) {
      String pathPointer = "/paths/" + SchemaCompiler.escape(op.getOpenAPIPath());
      // Operation-level parameters override path-level ones of the same name and location.
      Map<String, JsonNode> raw = new HashMap<>();
      collect(compiler, compiler.at(pathPointer + "/parameters"), raw);
      collect(
          compiler,
          compiler.at(
              pathPointer
                  + "/"
                  + op.getHttpMethod().name().toLowerCase(Locale.ROOT)
                  + "/parameters"),
          raw);
      for (Parameter p : op.getParameters()) {
        JsonNode param = raw.get(key(p.getIn().name(), p.getName()));
        if (p.getSchemaType() != SchemaType.STRING || param == null) {
          continue;
        }
        JsonNode schema = param.get("schema");
        if (schema != null && schema.isObject()) {
          byParameter.put(p, compiler.compile(schema));
        }
      }
    }
  }

  private static void collect(SchemaCompiler compiler, JsonNode list, Map<String, JsonNode> out) {
    if (!list.isArray()) {
      return;
    }
    for (JsonNode item : list) {
      JsonNode p = compiler.deref(item);
      if (p.hasNonNull("name") && p.hasNonNull("in")) {
        out.put(key(p.get("in").asText(), p.get("name").asText()), p);
      }
    }
  }

  private static String key(String in, String name) {
    return in.toLowerCase(Locale.ROOT) + ":" + name;
  }

  /**
   * Whether {@code value} certainly satisfies the parameter's schema. False means "not known here":
   * the parameter is not a compiled string parameter, or the value fails its schema.
   */
  boolean accepts(Parameter parameter, String value) {
    JsonSchema schema = byParameter.get(parameter);
    return schema != null && schema.validate(TextNode.valueOf(value)).isEmpty();
  }

  /** Number of parameters compiled here. */
  int size() {
    return byParameter.size();
  }
}
