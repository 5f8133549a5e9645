package io.zkdr.controller.raft;

import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.CommandApplier;
import io.zkdr.controller.command.CommandEnvelope;
import io.zkdr.controller.config.ControllerConfig;
import io.zkdr.controller.config.HostPort;
import io.zkdr.controller.config.PeerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's member of the Raft group: the Ratis server running the {@link
 * CatalogStateMachine}, and clients that submit commands (Ratis routes them to the leader) and
 * linearizable read barriers (ReadIndex, answered by this node once it has applied that far).
 *
 * <p>While another controller leads and a {@link CommandForwarder} is set, commands go to the
 * leader's controller in batches, and it puts them into its own log entries; without a known
 * leader, or when a forward certainly did not arrive, they go through Ratis as entries of this
 * controller.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
  private static final int CLIENTS = 4;
  private static final int ENTRIES_IN_FLIGHT = 1;
  private static final int FORWARDS_IN_FLIGHT = 3;

  private final ControllerConfig config;
  private final RaftGroup group;
  private final RaftPeerId selfId;
  private final CatalogStateMachine stateMachine;
  private final RaftServer server;
  private final List<RaftClient> clients = new ArrayList<>();
  private final List<RaftClient> readClients = new ArrayList<>();
  private final AtomicInteger nextClient = new AtomicInteger();
  private final ExecutorService replies =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "raft-replies");
            t.setDaemon(true);
            return t;
          });
  private final CommandBatcher batcher =
      new CommandBatcher(ENTRIES_IN_FLIGHT, 4 << 20, this::sendEntry, replies);
  private final CommandBatcher forwards;
  private volatile CommandForwarder forwarder;
  private volatile RaftServer.Division division;
  private volatile boolean closed;
  private final LeaderDirectSubmitter direct;

  /**
   * Builds (but does not start) the node.
   *
   * @param onFatal called when the catalog cannot apply an entry and the node must stop
   */
  public RaftNode(ControllerConfig config, Consumer<Throwable> onFatal) throws IOException {
    this.config = config;
    this.selfId = RaftPeerId.valueOf(config.nodeId());
    List<RaftPeer> peers = new ArrayList<>();
    for (PeerConfig p : config.peers()) {
      peers.add(
          RaftPeer.newBuilder()
              .setId(p.id())
              .setAddress(p.raft().toString())
              .setClientAddress(p.raft().toString())
              .build());
    }
    this.group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.fromString(config.groupId())), peers);
    // A forward must fit the leader's body limit (a single larger command goes alone, is refused
    // with 413 before anything is submitted, and then goes through Ratis).
    this.forwards =
        new CommandBatcher(
            FORWARDS_IN_FLIGHT,
            (int) Math.max(1, Math.min(4 << 20, config.bodyLimitBytes() - 1024)),
            this::sendForward,
            replies);
    Path raftDir = config.storageDir().resolve("raft");
    Files.createDirectories(raftDir);
    this.stateMachine =
        new CatalogStateMachine(
            config.storageDir().resolve("catalog"),
            config.catalogCacheBytes(),
            snapshotSchedule(config),
            onFatal);
    RaftProperties props = serverProperties(config, raftDir);
    this.server =
        RaftServer.newBuilder()
            .setServerId(selfId)
            .setGroup(group)
            .setStateMachine(stateMachine)
            .setProperties(props)
            .setParameters(new Parameters())
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    this.direct = new LeaderDirectSubmitter(server, group.getGroupId(), selfId);
  }

  static RaftProperties serverProperties(ControllerConfig c, Path raftDir) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
    GrpcConfigKeys.Server.setHost(p, c.self().raft().host());
    GrpcConfigKeys.Server.setPort(p, c.self().raft().port());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(c.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(c.electionTimeoutMax().toMillis()));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(c.requestTimeout().toMillis()));
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, ms(c.requestTimeout().toMillis()));
    // The leader answers ReadIndex from its lease instead of a heartbeat round per read.
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(
        p, snapshotSchedule(c).triggerThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(
        p, (int) Math.min(Integer.MAX_VALUE, c.snapshotThreshold()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, PREALLOCATE);
    // Closed segments kept in memory for followers that lag (default 6). Cached entries live long
    // enough to fill the old generation, whose collection then takes a CPU for most of a second.
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
    // A snapshot stream to a follower that is down only fails after limit x timeout; keep it short
    // so that the leader retries soon after the follower is back.
    GrpcConfigKeys.Server.setInstallSnapshotRequestTimeout(
        p, ms(Math.max(500, c.requestTimeout().toMillis() / 5)));
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(
        p, appenderRetryPolicy(c.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("16MB"));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf("17MB"));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("32MB"));
    return p;
  }

  /**
   * Snapshots every {@code raft.snapshotThreshold} entries, the members at evenly spread phases.
   */
  static SnapshotSchedule snapshotSchedule(ControllerConfig c) {
    List<String> ids = c.peers().stream().map(PeerConfig::id).sorted().toList();
    return new SnapshotSchedule(c.snapshotThreshold(), ids.indexOf(c.nodeId()), ids.size());
  }

  /**
   * Raft log space reserved ahead of the writes. Ratis reserves it by writing zeros, which the next
   * log sync then has to put on disk before it returns: its default of 4 MB held every write for 50
   * to 200 ms twice per segment. A little keeps most syncs from having to update the file size.
   */
  static final SizeInBytes PREALLOCATE = SizeInBytes.valueOf("128KB");

  /**
   * How long the leader waits between tries to a follower whose appends keep failing: refused while
   * it is down, or answered "inconsistent" while it catches up. Ratis' default waits 1 s after ten
   * errors and 5 s after thirty, and sends no heartbeat while it waits, so a follower back from a
   * restart heard nothing for that long: it lost track of the leader (its linearizable reads
   * failed) and kept calling elections. Here the wait stays a fifth of the shortest election
   * timeout (Ratis draws it between half and one and a half times that), far below the timeout.
   */
  static String appenderRetryPolicy(long electionTimeoutMinMs) {
    long wait = Math.max(10, electionTimeoutMinMs / 5);
    return "1ms,10, " + wait + "ms," + Integer.MAX_VALUE;
  }

  private static TimeDuration ms(long millis) {
    return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
  }

  /** Starts the server and the clients. */
  public void start() throws IOException {
    server.start();
    RaftProperties cp = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(cp, ms(config.requestTimeout().toMillis()));
    GrpcConfigKeys.setMessageSizeMax(cp, SizeInBytes.valueOf("32MB"));
    for (int i = 0; i < 2 * CLIENTS; i++) {
      (i < CLIENTS ? clients : readClients)
          .add(
              RaftClient.newBuilder()
                  .setProperties(cp)
                  .setRaftGroup(group)
                  .setLeaderId(null)
                  .setRetryPolicy(
                      RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                          (int) Math.max(10, config.requestTimeout().toMillis() / 100), ms(100)))
                  .build());
    }
    LOG.info("controller {} raft server started on {}", selfId, config.self().raft());
  }

  /** The state machine (and through it the catalog). */
  public CatalogStateMachine stateMachine() {
    return stateMachine;
  }

  /** This node's peer id. */
  public RaftPeerId selfId() {
    return selfId;
  }

  /** Submits a command; completes with the catalog's answer once it is committed and applied. */
  public CompletableFuture<ApplyResult> submit(CommandEnvelope env) {
    return (forwardTarget() == null ? batcher : forwards).submit(env);
  }

  /**
   * Submits a command another controller forwarded to this one as the leader, encoded by {@code
   * CommandApplier.encodeEnvelope}; it shares this controller's log entries.
   */
  public CompletableFuture<ApplyResult> submitForwarded(byte[] envelope) {
    return batcher.submitEncoded(envelope);
  }

  /** Forwards commands to the leader's controller with {@code f} from now on. */
  public void forwardCommandsWith(CommandForwarder f) {
    this.forwarder = f;
  }

  /** Whether this member leads and may take forwarded commands. */
  public boolean isLeader() {
    if (closed) {
      return false;
    }
    try {
      return division().getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /** Log entries this controller has submitted (each carries one or more commands). */
  public long entriesSubmitted() {
    return batcher.entries();
  }

  /** Commands this controller has submitted in its own log entries. */
  public long commandsSubmitted() {
    return batcher.commands();
  }

  /** Commands this controller has forwarded to the leader's controller. */
  public long commandsForwarded() {
    return forwards.commands();
  }

  private RaftServer.Division division() throws IOException {
    RaftServer.Division d = division;
    if (d == null) {
      d = server.getDivision(group.getGroupId());
      division = d;
    }
    return d;
  }

  /** The leader's peer entry when commands should be forwarded to it; else null. */
  private PeerConfig forwardTarget() {
    if (forwarder == null) {
      return null;
    }
    RaftPeerId leader;
    try {
      leader = division().getInfo().getLeaderId();
    } catch (IOException e) {
      return null;
    }
    if (leader == null || leader.equals(selfId)) {
      return null;
    }
    for (PeerConfig p : config.peers()) {
      if (p.id().equals(leader.toString())) {
        return forwardable(p.http()) ? p : null;
      }
    }
    return null;
  }

  /** A wildcard or unknown port names no one to connect to. */
  private static boolean forwardable(HostPort http) {
    String h = http.host();
    return http.port() > 0 && !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]");
  }

  private CompletableFuture<byte[]> sendForward(List<byte[]> envelopes) {
    PeerConfig leader = forwardTarget();
    CommandForwarder f = forwarder;
    if (leader == null || f == null) {
      return sendEntry(envelopes);
    }
    return f.forward(leader, envelopes)
        .exceptionallyCompose(
            e -> {
              Throwable c = causeOf(e);
              if (c instanceof NotForwardedException) {
                LOG.debug(
                    "forward to {} did not arrive, submitting through raft: {}",
                    leader.id(),
                    c.getMessage());
                return sendEntry(envelopes);
              }
              return CompletableFuture.failedFuture(c);
            });
  }

  /** What failed a future stage: the cause a {@link CompletionException} wraps, or {@code e}. */
  static Throwable causeOf(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private CompletableFuture<byte[]> sendEntry(List<byte[]> envelopes) {
    Message entry = Message.valueOf(ByteString.copyFrom(CommandApplier.encodeBatch(envelopes)));
    if (!isLeader()) {
      return viaClient(entry);
    }
    return direct
        .submit(entry)
        .thenCompose(
            reply ->
                reply == null
                    ? viaClient(entry)
                    : CompletableFuture.completedFuture(content(reply)));
  }

  private CompletableFuture<byte[]> viaClient(Message entry) {
    return client().async().send(entry).thenApply(RaftNode::content);
  }

  private static byte[] content(RaftClientReply reply) {
    checkSuccess(reply);
    return reply.getMessage().getContent().toByteArray();
  }

  /**
   * A ReadIndex barrier through this node: completes once this node has applied everything
   * committed when the barrier was taken, so a local read afterwards is linearizable.
   */
  public CompletableFuture<Long> readBarrier() {
    // Unordered, on clients that never write: an ordered read stream sharing a client with
    // writes stalls on the server's per-client sliding window until it times out.
    return readClients
        .get(Math.floorMod(nextClient.getAndIncrement(), readClients.size()))
        .async()
        .sendReadOnlyUnordered(Message.EMPTY, selfId)
        .thenApply(
            reply -> {
              checkSuccess(reply);
              return ByteBuffer.wrap(reply.getMessage().getContent().toByteArray()).getLong();
            });
  }

  private static void checkSuccess(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      Throwable e = reply.getException();
      throw new CompletionException(
          e != null ? e : new IOException("raft request failed: " + reply));
    }
  }

  private RaftClient client() {
    return clients.get(Math.floorMod(nextClient.getAndIncrement(), clients.size()));
  }

  /** Role, term, leader and indexes of this member right now. */
  public RaftStatus status() {
    try {
      RaftServer.Division d = server.getDivision(group.getGroupId());
      DivisionInfo info = d.getInfo();
      RaftPeerId leader = info.getLeaderId();
      return new RaftStatus(
          selfId.toString(),
          info.getCurrentRole().name(),
          info.getCurrentTerm(),
          leader == null ? null : leader.toString(),
          info.isLeader() && info.isLeaderReady(),
          d.getRaftLog().getLastCommittedIndex(),
          info.getLastAppliedIndex());
    } catch (IOException e) {
      return new RaftStatus(
          selfId.toString(), RaftPeerRole.UNRECOGNIZED.name(), 0, null, false, -1, -1);
    }
  }

  private static List<RaftClient> concat(List<RaftClient> a, List<RaftClient> b) {
    List<RaftClient> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Override
  public void close() {
    // From now on forwarded commands are refused (421) before anything is submitted, so that the
    // forwarding controller sends them through Raft to whichever member leads next.
    closed = true;
    for (RaftClient c : concat(clients, readClients)) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.warn("closing raft client of {} failed", selfId, e);
      }
    }
    clients.clear();
    readClients.clear();
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("closing raft server {} failed", selfId, e);
    }
    // After the clients and the server, whose failed replies still answer their batches here.
    replies.shutdown();
  }
}
