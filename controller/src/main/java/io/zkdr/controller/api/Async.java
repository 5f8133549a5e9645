package io.zkdr.controller.api;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Completes Raft and database futures back on the request's event-loop context. */
final class Async {
  private Async() {}

  static <T> void on(RoutingContext ctx, CompletableFuture<T> cf, Consumer<T> onSuccess) {
    Future.fromCompletionStage(cf, ctx.vertx().getOrCreateContext())
        .onSuccess(
            v -> {
              try {
                onSuccess.accept(v);
              } catch (RuntimeException e) {
                Responses.fail(ctx, e);
              }
            })
        .onFailure(e -> Responses.fail(ctx, e));
  }
}
