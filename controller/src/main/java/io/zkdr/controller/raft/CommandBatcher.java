package io.zkdr.controller.raft;

import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.CommandApplier;
import io.zkdr.controller.command.CommandEnvelope;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Group commit: commands submitted while {@code maxInFlight} batches are already under way wait and
 * then go together as one batch (up to {@code maxBytes}): one Raft log entry, or one forward to the
 * leader's controller. With little load every command is sent at once; under load batches carry
 * many commands, so the log, the apply threads and the RPCs handle far fewer, larger messages.
 */
final class CommandBatcher {
  private record Pending(byte[] bytes, CompletableFuture<ApplyResult> result) {}

  private final int maxInFlight;
  private final int maxBytes;
  private final Function<List<byte[]>, CompletableFuture<byte[]>> send;
  private final Executor completions;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final LongAdder entries = new LongAdder();
  private final LongAdder commands = new LongAdder();
  private int inFlight;

  /**
   * @param send sends one batch of encoded envelopes (a log entry, or a forward to the leader) and
   *     completes with the encoded results, one per envelope
   * @param completions runs the work that follows a reply (answering the batch, sending the next)
   */
  CommandBatcher(
      int maxInFlight,
      int maxBytes,
      Function<List<byte[]>, CompletableFuture<byte[]>> send,
      Executor completions) {
    this.maxInFlight = maxInFlight;
    this.maxBytes = maxBytes;
    this.send = send;
    this.completions = completions;
  }

  CompletableFuture<ApplyResult> submit(CommandEnvelope env) {
    return submitEncoded(CommandApplier.encodeEnvelope(env));
  }

  /**
   * As {@link #submit}, for an envelope already encoded by {@link CommandApplier#encodeEnvelope}.
   */
  CompletableFuture<ApplyResult> submitEncoded(byte[] envelope) {
    Pending p = new Pending(envelope, new CompletableFuture<>());
    List<Pending> batch;
    synchronized (this) {
      queue.add(p);
      batch = nextBatch();
    }
    dispatch(batch);
    return p.result();
  }

  /** Takes the next entry's commands if an entry may be sent now; else null. Holds the lock. */
  private List<Pending> nextBatch() {
    if (inFlight >= maxInFlight || queue.isEmpty()) {
      return null;
    }
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    while (!queue.isEmpty()
        && (batch.isEmpty() || bytes + queue.peek().bytes().length <= maxBytes)) {
      Pending p = queue.poll();
      bytes += p.bytes().length;
      batch.add(p);
    }
    inFlight++;
    return batch;
  }

  private void dispatch(List<Pending> batch) {
    if (batch == null) {
      return;
    }
    List<byte[]> parts = new ArrayList<>(batch.size());
    batch.forEach(p -> parts.add(p.bytes()));
    entries.increment();
    commands.add(batch.size());
    CompletableFuture<byte[]> reply;
    try {
      reply = send.apply(parts);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    // Never on the thread completing the reply: Ratis completes it holding the lock of that
    // client's sliding window, and sending the next entry on another client from there can
    // deadlock two clients replying at the same time.
    reply.whenComplete(
        (bytes, err) -> {
          try {
            completions.execute(
                () -> {
                  List<Pending> next;
                  synchronized (this) {
                    inFlight--;
                    next = nextBatch();
                  }
                  complete(batch, bytes, err);
                  dispatch(next);
                });
          } catch (RejectedExecutionException stopped) {
            // Shutting down: answer this batch and everything queued instead of leaving them to
            // wait for a reply that nothing will deliver.
            List<Pending> queued;
            synchronized (this) {
              queued = new ArrayList<>(queue);
              queue.clear();
            }
            IOException e = new IOException("controller is stopping", stopped);
            batch.forEach(p -> p.result().completeExceptionally(err != null ? err : e));
            queued.forEach(p -> p.result().completeExceptionally(e));
          }
        });
  }

  /** Batches sent. */
  long entries() {
    return entries.sum();
  }

  /** Commands those batches carried. */
  long commands() {
    return commands.sum();
  }

  private static void complete(List<Pending> batch, byte[] bytes, Throwable err) {
    if (err != null) {
      batch.forEach(p -> p.result().completeExceptionally(err));
      return;
    }
    List<ApplyResult> results;
    try {
      results = CommandApplier.decodeResults(bytes);
    } catch (IOException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    if (results.size() != batch.size()) {
      IOException e =
          new IOException(
              "raft reply has " + results.size() + " results for " + batch.size() + " commands");
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }
}
