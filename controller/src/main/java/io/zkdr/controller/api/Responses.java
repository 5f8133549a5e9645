package io.zkdr.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.zkdr.controller.api.validation.ContractRequestValidator;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.RejectionCode;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON answers and turns every failure into the one {@link ApiError} shape. */
final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
  static final ObjectMapper JSON = JsonMapperFactory.shared();

  private Responses() {}

  static void json(RoutingContext ctx, int status, Object body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      fail(ctx, e);
      return;
    }
    encoded(ctx, status, bytes);
  }

  /** {@code value} as JSON, or null when it is null; for encoding off the event loop. */
  static byte[] encode(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new java.io.UncheckedIOException(
          "cannot encode a " + value.getClass().getSimpleName() + " answer", e);
    }
  }

  /** Answers with JSON already encoded. */
  static void encoded(RoutingContext ctx, int status, byte[] bytes) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(Buffer.buffer(bytes));
  }

  static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new ApiError(code, message));
  }

  /** Answers with the catalog's result: the value, or the rejection as 4xx. */
  static void applied(RoutingContext ctx, int okStatus, ApplyResult r) {
    if (r.ok()) {
      if (r.value() == null) {
        ctx.response().setStatusCode(204).end();
      } else {
        json(ctx, okStatus, r.value());
      }
    } else {
      RejectionCode code = r.code();
      error(ctx, code.httpStatus(), code.name(), r.message());
    }
  }

  /** Decodes a request body into a type; mapping errors become 400 naming the field. */
  static <T> T body(RoutingContext ctx, Class<T> type) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw ApiException.invalid("request body is required");
    }
    try {
      JsonNode parsed = ctx.get(ContractRequestValidator.PARSED_BODY);
      return parsed != null
          ? JSON.treeToValue(parsed, type)
          : JSON.readValue(ctx.body().buffer().getBytes(), type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid("unknown field '" + e.getPropertyName() + "' at " + path(e));
    } catch (InvalidFormatException e) {
      throw ApiException.invalid("wrong value for " + path(e) + ": " + e.getOriginalMessage());
    } catch (MismatchedInputException e) {
      throw ApiException.invalid("wrong type for " + path(e) + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiException.invalid("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.invalid("unreadable body: " + e.getMessage());
    }
  }

  private static String path(MismatchedInputException e) {
    String p =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return p.isEmpty() ? "(body)" : p;
  }

  /** Answers a failed request; used by the route failure handlers. */
  static void fail(RoutingContext ctx, Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof ApiException a) {
      error(ctx, a.status(), a.code(), a.getMessage());
    } else if (e instanceof SchemaValidationException s) {
      error(ctx, 400, "INVALID", describe(s));
    } else if (e instanceof ValidatorException v) {
      error(ctx, 400, "INVALID", v.getMessage());
    } else if (e instanceof IllegalArgumentException i) {
      error(ctx, 400, "INVALID", i.getMessage());
    } else if (e instanceof RaftException || e instanceof TimeoutException) {
      error(
          ctx, 503, "UNAVAILABLE", "the catalog group cannot commit right now: " + e.getMessage());
    } else if (ctx.statusCode() == 413) {
      error(ctx, 413, "PAYLOAD_TOO_LARGE", "request body exceeds the limit");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      error(ctx, ctx.statusCode(), "INVALID", e == null ? "bad request" : e.getMessage());
    } else {
      LOG.warn("request {} {} failed", ctx.request().method(), ctx.request().path(), e);
      error(ctx, 500, "INTERNAL", e == null ? "internal error" : e.toString());
    }
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException
            || e instanceof ExecutionException
            || e instanceof io.vertx.ext.web.handler.HttpException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String describe(SchemaValidationException s) {
    OutputUnit out = s.getOutputUnit();
    StringBuilder sb = new StringBuilder();
    if (out != null) {
      collect(out, sb);
    }
    String first = sb.toString().split("; ")[0];
    if (sb.length() == 0 || s.getMessage().contains(first.substring(first.indexOf(": ") + 2))) {
      return s.getMessage();
    }
    return s.getMessage() + ": " + sb;
  }

  private static void collect(OutputUnit u, StringBuilder sb) {
    if (u.getErrors() != null && !u.getErrors().isEmpty()) {
      for (OutputUnit e : u.getErrors()) {
        collect(e, sb);
      }
    } else if (u.getError() != null) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      String where = u.getInstanceLocation();
      sb.append(where == null || where.isEmpty() ? "(body)" : where)
          .append(": ")
          .append(u.getError());
    }
  }
}
