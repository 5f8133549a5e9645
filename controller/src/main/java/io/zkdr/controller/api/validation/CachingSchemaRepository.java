package io.zkdr.controller.api.validation;

import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A {@link SchemaRepository} that builds the validator of each schema once. The repository of
 * vertx-json-schema builds a new validator per call, copying its whole lookup map each time; the
 * contract's schemas never change after loading, so one validator per schema object is enough.
 */
final class CachingSchemaRepository implements SchemaRepository {
  private final SchemaRepository delegate;
  private final Map<JsonSchema, Validator> validators =
      Collections.synchronizedMap(new IdentityHashMap<>());

  CachingSchemaRepository(SchemaRepository delegate) {
    this.delegate = delegate;
  }

  @Override
  public Validator validator(JsonSchema schema) {
    return validators.computeIfAbsent(schema, delegate::validator);
  }

  @Override
  public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
    delegate.dereference(schema);
    return this;
  }

  @Override
  public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
    delegate.dereference(uri, schema);
    return this;
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs) {
    delegate.preloadMetaSchema(fs);
    return this;
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
    delegate.preloadMetaSchema(fs, draft);
    return this;
  }

  @Override
  public Validator validator(String ref) {
    return delegate.validator(ref);
  }

  @Override
  public Validator validator(String ref, JsonSchemaOptions options) {
    return delegate.validator(ref, options);
  }

  @Override
  public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
    return delegate.validator(schema, options, dereference);
  }

  @Override
  public JsonObject resolve(JsonObject schema) {
    return delegate.resolve(schema);
  }

  @Override
  public JsonSchema find(String ref) {
    return delegate.find(ref);
  }
}
