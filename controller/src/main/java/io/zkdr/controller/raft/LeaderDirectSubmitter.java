package io.zkdr.controller.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.RaftServer;

/**
 * Hands a log entry straight to this member's server while it leads. A Ratis client sends even to
 * its own server over gRPC: with the followers' commands forwarded to the leader's controller,
 * every entry is the leader's own, and that loopback round trip (two messages, four thread
 * hand-offs) came with each of them.
 */
final class LeaderDirectSubmitter {
  private final RaftServer server;
  private final RaftGroupId groupId;
  private final RaftPeerId self;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  LeaderDirectSubmitter(RaftServer server, RaftGroupId groupId, RaftPeerId self) {
    this.server = server;
    this.groupId = groupId;
    this.self = self;
  }

  /**
   * Submits {@code entry}. Completes with the server's reply, or with null when this member turned
   * out not to lead (or not yet, or no longer): the entry was then not appended, and may be sent
   * through a client instead.
   */
  CompletableFuture<RaftClientReply> submit(Message entry) {
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(self)
            .setGroupId(groupId)
            .setCallId(callIds.incrementAndGet())
            .setMessage(entry)
            .setType(RaftClientRequest.writeRequestType())
            .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = server.submitClientRequestAsync(request);
    } catch (IOException e) {
      return CompletableFuture.completedFuture(null);
    }
    return reply.handle(
        (r, e) -> {
          if (e != null) {
            if (notAppended(RaftNode.causeOf(e))) {
              return null;
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
          }
          return r != null && !r.isSuccess() && notAppended(r.getException()) ? null : r;
        });
  }

  private static boolean notAppended(Throwable t) {
    return t instanceof NotLeaderException
        || t instanceof LeaderNotReadyException
        || t instanceof LeaderSteppingDownException;
  }
}
