package io.zkdr.controller.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.CommandApplier;
import io.zkdr.controller.raft.RaftNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's side of a forward ({@value HttpCommandForwarder#PATH}): takes the commands another
 * controller's API received into this controller's log entries and answers with their results.
 */
final class ForwardHandler {
  /** Status of a forward this controller did not take because it does not lead. */
  static final int NOT_TAKEN = 421;

  private static final JsonFactory JSON = new JsonFactory();
  private final RaftNode raft;

  ForwardHandler(RaftNode raft) {
    this.raft = raft;
  }

  void handle(RoutingContext ctx) {
    if (!raft.isLeader()) {
      Responses.error(
          ctx, NOT_TAKEN, "NOT_LEADER", "controller " + raft.selfId() + " does not lead the group");
      return;
    }
    List<byte[]> envelopes;
    try {
      envelopes = CommandFrames.decode(ctx.body().buffer());
      for (int i = 0; i < envelopes.size(); i++) {
        requireOneObject(envelopes.get(i), i);
      }
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, 400, "INVALID", e.getMessage());
      return;
    }
    List<CompletableFuture<ApplyResult>> results = new ArrayList<>(envelopes.size());
    for (byte[] e : envelopes) {
      results.add(raft.submitForwarded(e));
    }
    CompletableFuture<byte[]> encoded =
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
            .thenApply(
                v -> CommandApplier.encodeResults(results.stream().map(f -> f.join()).toList()));
    Async.on(
        ctx,
        encoded,
        bytes ->
            ctx.response()
                .setStatusCode(200)
                .putHeader("content-type", "application/json")
                .end(Buffer.buffer(bytes)));
  }

  /**
   * A forwarded envelope is spliced into a log entry as it is, so it must be exactly one JSON
   * object: anything else could change the entry around it. (What the object says is the applier's
   * to judge, per command.)
   */
  private static void requireOneObject(byte[] envelope, int i) {
    try (JsonParser p = JSON.createParser(envelope)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("forward body: command " + i + " is not a JSON object");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(
            "forward body: command " + i + " has more after its JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "forward body: command " + i + " is not well-formed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "forward body: command " + i + " cannot be read: " + e.getMessage());
    }
  }
}
