package io.zkdr.controller.raft;

import io.zkdr.controller.catalog.CatalogIoException;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.CommandApplier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog as a Ratis state machine. Every log entry is applied in one RocksDB write batch that
 * also records its term and index, so after a crash the database says exactly which entries it
 * holds and replayed entries are skipped. Snapshots are RocksDB checkpoints; an installed snapshot
 * replaces the live database. A database failure while applying stops the node: it must not go on
 * with state that diverges from its peers.
 */
public final class CatalogStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogStateMachine.class);
  private static final ClientId SNAPSHOT_POLL_CLIENT = ClientId.randomId();
  private static final long SNAPSHOT_POLL_TIMEOUT_MS = 30_000;

  private final Path catalogDir;
  private final long blockCacheBytes;
  private final CheckpointSnapshotStorage storage = new CheckpointSnapshotStorage();
  private final SnapshotWriter snapshots;
  private final List<LeadershipListener> leadership = new CopyOnWriteArrayList<>();
  private final List<LongConsumer> applyListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<RaftPeerId>> leaderChangeListeners = new CopyOnWriteArrayList<>();
  private final Consumer<Throwable> onFatal;
  private final SnapshotSchedule schedule;
  private volatile CatalogStore store;
  private volatile CommandApplier applier;
  private volatile RaftPeerId leaderId;
  private volatile boolean failed;

  private final AtomicLong snapshotPollCalls = new AtomicLong();

  /** Highest index the database holds; entries up to it are replays after a restart. */
  private long dbAppliedIndex = -1;

  /**
   * @param catalogDir directory of the live RocksDB database
   * @param blockCacheBytes the database's block cache
   * @param schedule when to start snapshots (Ratis offers them from its threshold on); null: at
   *     every offer
   * @param onFatal called (once) when applying fails and the node must stop
   */
  CatalogStateMachine(
      Path catalogDir,
      long blockCacheBytes,
      SnapshotSchedule schedule,
      Consumer<Throwable> onFatal) {
    this.catalogDir = catalogDir;
    this.schedule = schedule;
    this.blockCacheBytes = blockCacheBytes;
    this.onFatal = onFatal;
    Path owner = catalogDir.toAbsolutePath().getParent();
    this.snapshots =
        new SnapshotWriter(
            owner == null ? "catalog" : owner.getFileName().toString(), this::askForSnapshotPoll);
    setLastAppliedTermIndex(TermIndex.valueOf(0, -1));
  }

  /** The catalog this state machine maintains (valid after the server started). */
  public CatalogStore store() {
    return store;
  }

  /** Adds a listener for leadership changes. */
  public void addLeadershipListener(LeadershipListener l) {
    leadership.add(l);
  }

  /** Adds a listener told the index of each applied command. */
  public void addApplyListener(LongConsumer l) {
    applyListeners.add(l);
  }

  /** Adds a listener told every new leader id (null while there is none). */
  public void addLeaderChangeListener(Consumer<RaftPeerId> l) {
    leaderChangeListeners.add(l);
  }

  /** The leader this node last heard of, or null. */
  public RaftPeerId leaderId() {
    return leaderId;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    getLifeCycle().startAndTransition(() -> open(server, groupId, raftStorage), IOException.class);
  }

  private void open(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    Path snap = storage.latestDir();
    CatalogStore s = CatalogStore.open(catalogDir, blockCacheBytes);
    long[] applied = s.appliedTermIndex();
    if (snap != null) {
      TermIndex snapTi = CheckpointSnapshotStorage.termIndexOf(snap);
      if (applied == null || applied[1] < snapTi.getIndex()) {
        LOG.info("catalog at {} is behind snapshot {}; restoring it", catalogDir, snapTi);
        s.replaceWith(snap);
        applied = s.appliedTermIndex();
      }
      setLastAppliedTermIndex(snapTi);
    }
    dbAppliedIndex = applied == null ? -1 : applied[1];
    applier = new CommandApplier(s);
    store = s;
    LOG.info("catalog {} opened at applied index {}", catalogDir, dbAppliedIndex);
  }

  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    Path snap = storage.loadLatest() == null ? null : storage.latestDir();
    if (snap == null) {
      throw new IOException("no snapshot to reinitialize " + catalogDir + " from");
    }
    TermIndex ti = CheckpointSnapshotStorage.termIndexOf(snap);
    LOG.info("installing snapshot {} into catalog {}", ti, catalogDir);
    store.replaceWith(snap);
    long[] applied = store.appliedTermIndex();
    dbAppliedIndex = applied == null ? -1 : applied[1];
    setLastAppliedTermIndex(ti);
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
    applyListeners.forEach(l -> l.accept(ti.getIndex()));
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    if (failed) {
      return CompletableFuture.failedFuture(new IOException("catalog state machine has failed"));
    }
    if (index <= dbAppliedIndex) {
      updateLastAppliedTermIndex(term, index);
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    try {
      List<ApplyResult> r =
          applier.apply(entry.getStateMachineLogEntry().getLogData().toByteArray(), term, index);
      dbAppliedIndex = index;
      updateLastAppliedTermIndex(term, index);
      for (LongConsumer l : applyListeners) {
        l.accept(index);
      }
      return CompletableFuture.completedFuture(
          Message.valueOf(ByteString.copyFrom(CommandApplier.encodeResults(r))));
    } catch (CatalogIoException | IllegalStateException e) {
      fail(new IOException("applying log index " + index + " failed", e));
      return CompletableFuture.failedFuture(e);
    }
  }

  private void fail(Throwable t) {
    if (failed) {
      return;
    }
    failed = true;
    LOG.error("catalog state machine failed; stopping this node", t);
    Thread stopper = new Thread(() -> onFatal.accept(t), "catalog-fatal");
    stopper.setDaemon(true);
    stopper.start();
  }

  /** A linearizable read barrier: answers with the applied index once ReadIndex is satisfied. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    long applied = getLastAppliedTermIndex().getIndex();
    return CompletableFuture.completedFuture(
        Message.valueOf(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(applied).array())));
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    if (snapshots.idle()) {
      if (schedule != null && !schedule.due(last.getIndex(), latestSnapshotIndex())) {
        return -1;
      }
      // The checkpoint must hold at least `last`, also when `last` is a configuration entry. Here,
      // on the apply thread, so that the recorded applied index never goes back.
      try (var txn = store.begin()) {
        txn.commit(last.getTerm(), last.getIndex());
      }
      dbAppliedIndex = Math.max(dbAppliedIndex, last.getIndex());
    }
    // Written in the background (see SnapshotWriter): -1 until the checkpoint is in place.
    long index = snapshots.poll(last, ti -> storage.create(ti, store::checkpoint));
    if (index >= 0) {
      storage.publish(index);
    }
    return index;
  }

  private long latestSnapshotIndex() {
    var latest = storage.getLatestSnapshot();
    return latest == null ? -1 : latest.getIndex();
  }

  /**
   * Asks Ratis to poll {@link #takeSnapshot} now that a background snapshot is written, instead of
   * after its next apply. A creation gap of 1 passes whenever an unreported snapshot exists: Ratis
   * measures it from the snapshot it was last told of.
   */
  private void askForSnapshotPoll() {
    RaftServer server = getServer().getNow(null);
    if (server == null) {
      return;
    }
    var request =
        SnapshotManagementRequest.newCreate(
            SNAPSHOT_POLL_CLIENT,
            getId(),
            getGroupId(),
            snapshotPollCalls.incrementAndGet(),
            SNAPSHOT_POLL_TIMEOUT_MS,
            1);
    server
        .snapshotManagementAsync(request)
        .whenComplete(
            (reply, e) -> {
              if (e != null) {
                // stopping, or installing a snapshot: the next apply polls as well
                LOG.debug("asking for a snapshot poll failed", e);
              }
            });
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
    leaderId = newLeaderId;
    leaderChangeListeners.forEach(l -> l.accept(newLeaderId));
    if (newLeaderId == null || !newLeaderId.equals(memberId.getPeerId())) {
      leadership.forEach(LeadershipListener::onNotLeader);
    }
  }

  @Override
  public void notifyLeaderReady() {
    long term = currentTerm();
    leadership.forEach(l -> l.onLeaderReady(term));
  }

  private long currentTerm() {
    try {
      return getServer().join().getDivision(getGroupId()).getInfo().getCurrentTerm();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    leadership.forEach(LeadershipListener::onNotLeader);
  }

  @Override
  public void notifyServerShutdown(RoleInfoProto roleInfo, boolean allServer) {
    leadership.forEach(LeadershipListener::onNotLeader);
  }

  @Override
  public void close() throws IOException {
    leadership.forEach(LeadershipListener::onNotLeader);
    snapshots.close();
    CatalogStore s = store;
    if (s != null) {
      s.close();
    }
  }
}
