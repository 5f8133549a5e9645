package io.zkdr.agent.shipping;

import io.zkdr.agent.catalog.LeaseLostException;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.ShippingConfig;
import io.zkdr.client.ApiCallException;
import io.zkdr.client.NoControllerException;
import io.zkdr.model.Backup;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.admin.ServerStatus;
import io.zkdr.zk.txnlog.LogProblem;
import io.zkdr.zk.txnlog.TxnLogFormatException;
import io.zkdr.zk.txnlog.TxnLogRecord;
import io.zkdr.zk.txnlog.TxnLogTailer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipping loop of one ensemble: follows the log of the most up-to-date serving member (moving
 * to another when it stops serving), passes on only txns the member has applied (so committed),
 * cuts them into increments with a {@link SegmentCutter} and publishes each with an {@link
 * IncrementPublisher}. Runs until interrupted.
 *
 * <p>A gap in the log that no other member can fill is reported ({@code zkdr_shipping_gaps_total},
 * a progress message, a WARN line) and shipping goes on from the far side of it: the next increment
 * starts after the gap, so the catalog shows the missing range and no increment claims it. A gap is
 * declared only once every member has been asked: while a member that is not serving (or has not
 * caught up) may still hold the missing txns on disk, shipping waits for it, up to {@link
 * ShippingConfig#gapGrace()}. A member restarting, or one that ZooKeeper re-synced by snapshot
 * while the others start, is not a gap.
 */
public final class LogShipper {
  private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);

  /** Longest quiet time between two progress reports (they renew the job's lease). */
  static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  /** Bound on the bytes one increment holds in memory. */
  static final long MAX_SEGMENT_BYTES = 32L * 1024 * 1024;

  private static final int POLL_BATCH = 1000;
  private static final long EXCLUDE_NANOS = 30_000_000_000L;
  private static final long WAIT_RECHECK_MILLIS = 1000;

  private final String ensemble;
  private final List<MemberConfig> members;
  private final ShippingConfig config;
  private final IncrementPublisher publisher;
  private final ShippingMetrics metrics;
  private final Supplier<Destinations> destinations;
  private final Consumer<String> progress;

  private final SegmentCutter cutter;
  private final Deque<TxnLogRecord> uncommitted = new ArrayDeque<>();
  private final Map<Integer, Long> excludedUntil = new ConcurrentHashMap<>();
  private TailSource source;
  private TxnLogTailer tailer;
  private long after;
  private ShippingCursor fallback;
  private String parentId;
  private long lastGapReported = -1;
  private long graceZxid = Long.MIN_VALUE;
  private long graceStartNanos;
  private long lastProgressNanos;
  private long published;
  private String problem = "";

  /**
   * Where increments go.
   *
   * @param home the home region (the catalog's resume point is read there)
   * @param replicas the policy's {@code replicateTo} regions
   */
  public record Destinations(String home, List<String> replicas) {
    public Destinations {
      replicas = List.copyOf(replicas);
    }

    List<String> all() {
      List<String> out = new ArrayList<>();
      out.add(home);
      replicas.stream().filter(r -> !out.contains(r)).forEach(out::add);
      return out;
    }
  }

  public LogShipper(
      String ensemble,
      List<MemberConfig> members,
      ShippingConfig config,
      IncrementPublisher publisher,
      ShippingMetrics metrics,
      Supplier<Destinations> destinations,
      Consumer<String> progress) {
    this.ensemble = ensemble;
    this.members = List.copyOf(members);
    this.config = config;
    this.publisher = publisher;
    this.metrics = metrics;
    this.destinations = destinations;
    this.progress = progress;
    this.cutter =
        new SegmentCutter(config.segmentInterval(), config.segmentMaxTxns(), MAX_SEGMENT_BYTES);
  }

  /**
   * Ships from {@code start} until interrupted.
   *
   * @throws LeaseLostException when a progress report finds the job's lease gone
   */
  public void run(ShippingCursor start) throws InterruptedException {
    after = start.lastZxid();
    parentId = start.lastBackupId();
    fallback = start.fallback();
    LOG.info("shipping {} from {} (after {})", ensemble, Zxid.hex(after), parentId);
    report("shipping from " + Zxid.hex(after), true);
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("shipping of " + ensemble + " stopped");
      }
      boolean busy = step();
      report(null, false);
      if (!busy) {
        Thread.sleep(config.pollInterval().toMillis());
      }
    }
  }

  /** One round: read, pass on committed txns, cut. Returns whether there was work. */
  private boolean step() throws InterruptedException {
    if (source == null && !chooseSource(null)) {
      return false;
    }
    ServerStatus status = source.status();
    if (!status.serving()) {
      LOG.warn(
          "member {} of {} stopped serving; moving shipping to another member",
          source.name(),
          ensemble);
      problem = "member " + source.name() + " stopped serving";
      excludedUntil.put(source.member().myid(), System.nanoTime() + EXCLUDE_NANOS);
      dropSource();
      return true;
    }
    List<TxnLogRecord> read = List.of();
    if (!cutter.full() && uncommitted.size() < 10 * POLL_BATCH) {
      try {
        read = tailer.poll(POLL_BATCH);
        uncommitted.addAll(read);
      } catch (TxnLogFormatException e) {
        if (e.kind() != LogProblem.Kind.ZXID_GAP) {
          LOG.warn(
              "the log of member {} of {} cannot be read: {}",
              source.name(),
              ensemble,
              e.getMessage());
          problem = "log of " + source.name() + " unreadable: " + e.getMessage();
          excludedUntil.put(source.member().myid(), System.nanoTime() + EXCLUDE_NANOS);
          dropSource();
          return true;
        }
        if (onGap(e)) {
          return true;
        }
        // waiting for a member that may fill the gap: the txns before it still go on below
      } catch (IOException e) {
        LOG.warn(
            "reading the log of member {} of {} failed: {}", source.name(), ensemble, e.toString());
        problem = "reading " + source.name() + ": " + e.getMessage();
        dropSource();
        return false;
      }
    }
    long committed = status.zxid();
    long now = System.nanoTime();
    while (!uncommitted.isEmpty()
        && uncommitted.peekFirst().zxid() <= committed
        && !cutter.full()) {
      cutter.add(uncommitted.pollFirst(), now);
    }
    boolean cut = false;
    if (cutter.due(now)) {
      cut = publish();
    }
    boolean caughtUp = cutter.isEmpty() && uncommitted.isEmpty() && after >= committed;
    for (String r : destinations.get().all()) {
      metrics.caughtUp(r, caughtUp);
    }
    return !read.isEmpty() || cut;
  }

  private boolean chooseSource(TailSource previous) throws InterruptedException {
    long now = System.nanoTime();
    excludedUntil.values().removeIf(until -> until < now);
    Optional<TailSource> picked =
        TailSource.pick(members, List.copyOf(excludedUntil.keySet()), previous);
    if (picked.isEmpty() && !excludedUntil.isEmpty()) {
      excludedUntil.clear();
      picked = TailSource.pick(members, List.of(), previous);
    }
    if (picked.isEmpty()) {
      problem = "no member of " + ensemble + " at this site is serving";
      return false;
    }
    long from = cutter.lastZxid(after);
    TailSource chosen = picked.get();
    TailSource.Continuity continuity = chosen.through(from);
    if (continuity != TailSource.Continuity.HOLDS) {
      // another member may show the resume point the most advanced one does not; one excluded a
      // moment ago still beats a gap if it serves again
      for (MemberConfig m : members) {
        TailSource other = TailSource.of(m);
        if (m.myid() != chosen.member().myid()
            && other.status().serving()
            && other.through(from) == TailSource.Continuity.HOLDS) {
          chosen = other;
          continuity = TailSource.Continuity.HOLDS;
          break;
        }
      }
    }
    if (continuity == TailSource.Continuity.NOT_YET) {
      problem = "no serving member has reached " + Zxid.hex(from) + " yet";
      return false;
    }
    if (continuity == TailSource.Continuity.BROKEN
        && waitForMembers(from, from, chosen.member().myid(), "where shipping resumes")) {
      return false;
    }
    if (continuity == TailSource.Continuity.BROKEN
        && fallback != null
        && cutter.isEmpty()
        && fallback.lastZxid() > from) {
      // The txns between the last increment and a newer FULL are gone from every log: the FULL
      // starts a new chain, so nothing is missing within a chain.
      String message =
          "no member's log holds the txns after "
              + Zxid.hex(from)
              + " any more; shipping resumes after the newer full backup "
              + fallback.lastBackupId()
              + " at "
              + Zxid.hex(fallback.lastZxid());
      LOG.info(message);
      report(message, true);
      after = fallback.lastZxid();
      parentId = fallback.lastBackupId();
      fallback = null;
      return false;
    }
    source = chosen;
    tailer = new TxnLogTailer(source.logDir(), from);
    uncommitted.clear();
    LOG.info("shipping {} from member {} after {}", ensemble, source.name(), Zxid.hex(from));
    problem = "";
    report("tailing member " + source.name() + " after " + Zxid.hex(from), true);
    if (continuity == TailSource.Continuity.BROKEN) {
      return skipBrokenHistory(from);
    }
    return true;
  }

  /**
   * No member's data shows {@code from} (its txns were purged, or every member was re-synced by
   * snapshot): what follows in the tailed log cannot be proven to continue it, so it is shipped as
   * the far side of a gap.
   */
  private boolean skipBrokenHistory(long from) throws InterruptedException {
    long firstAfter;
    try {
      List<TxnLogRecord> next = new TxnLogTailer(source.logDir(), from).poll(1);
      if (next.isEmpty()) {
        dropSource();
        return false;
      }
      firstAfter = next.get(0).zxid();
    } catch (TxnLogFormatException e) {
      if (e.kind() != LogProblem.Kind.ZXID_GAP) {
        dropSource();
        return false;
      }
      firstAfter = e.zxid();
    } catch (IOException e) {
      dropSource();
      return false;
    }
    if (!cutter.isEmpty() && !publish()) {
      dropSource();
      return false;
    }
    declareGap(
        from,
        firstAfter,
        "no member's log or snapshot shows "
            + Zxid.hex(from)
            + ", where shipping resumes: "
            + membersThrough(from));
    return true;
  }

  private void dropSource() {
    source = null;
    tailer = null;
    uncommitted.clear();
  }

  /**
   * A gap in the tailed log: another member may still hold the txns, or it is real. Returns whether
   * shipping moved on (to another member, or past the gap); false while it waits.
   */
  private boolean onGap(TxnLogFormatException e) throws InterruptedException {
    long last = cutter.lastZxid(after);
    long firstAfter = e.zxid();
    for (MemberConfig m : members) {
      if (m.myid() == source.member().myid()) {
        continue;
      }
      TailSource other = TailSource.of(m);
      if (!other.status().serving() || other.through(last) != TailSource.Continuity.HOLDS) {
        continue;
      }
      try {
        // a member that meets the same gap right away cannot fill it
        List<TxnLogRecord> next = new TxnLogTailer(other.logDir(), last).poll(1);
        if (!next.isEmpty()) {
          LOG.info(
              "the log of {} misses txns after {}; member {} has them",
              source.name(),
              Zxid.hex(last),
              other.name());
          source = other;
          tailer = new TxnLogTailer(other.logDir(), last);
          uncommitted.clear();
          report("tailing member " + source.name() + " after " + Zxid.hex(last), true);
          return true;
        }
      } catch (IOException ignored) {
        // that member cannot fill it either
      }
    }
    if (!cutter.isEmpty() && !publish()) {
      return false; // the txns before the gap go first; the gap is found again after the retry
    }
    if (waitForMembers(
        firstAfter, last, source.member().myid(), "in the log of " + source.name())) {
      return false; // the tailer stays before the gap: the next poll meets it again
    }
    declareGap(last, firstAfter, e.getMessage() + "; members: " + membersThrough(last));
    return true;
  }

  /** Each member's state and whether its data shows {@code zxid}, for a gap's message. */
  private String membersThrough(long zxid) {
    List<String> out = new ArrayList<>();
    for (MemberConfig m : members) {
      TailSource s = TailSource.of(m);
      ServerStatus st = s.status();
      out.add(
          s.name()
              + " "
              + (st.serving() ? st.mode() + " at " + Zxid.hex(st.zxid()) : "not serving")
              + ", "
              + s.through(zxid));
    }
    return String.join("; ", out);
  }

  /**
   * Whether to hold off declaring that the txns after {@code zxid} are missing: some member other
   * than {@code tailed} is not serving, or has not reached {@code zxid}, and its data does not rule
   * out holding them; and {@link ShippingConfig#gapGrace()} has not passed since the wait for this
   * gap (named by {@code key}, a zxid that stays put while it waits) began. Serving members that
   * hold {@code zxid} were already tried by the caller.
   */
  private boolean waitForMembers(long key, long zxid, int tailed, String where)
      throws InterruptedException {
    List<String> awaited = new ArrayList<>();
    for (MemberConfig m : members) {
      if (m.myid() == tailed) {
        continue;
      }
      TailSource other = TailSource.of(m);
      TailSource.Continuity c = other.through(zxid);
      if (c == TailSource.Continuity.NOT_YET
          || (c == TailSource.Continuity.HOLDS && !other.status().serving())) {
        awaited.add(other.name());
      }
    }
    if (awaited.isEmpty()) {
      return false;
    }
    long now = System.nanoTime();
    if (graceZxid != key) {
      graceZxid = key;
      graceStartNanos = now;
      String message =
          "txns after "
              + Zxid.hex(zxid)
              + " are missing "
              + where
              + "; waiting up to "
              + config.gapGrace().toSeconds()
              + " s for member(s) "
              + awaited
              + " that may hold them before declaring a gap";
      LOG.warn(message);
      problem = message;
      report(message, true);
    }
    if (now - graceStartNanos >= config.gapGrace().toNanos()) {
      return false;
    }
    Thread.sleep(WAIT_RECHECK_MILLIS); // each check reads the members' logs from disk
    return true;
  }

  /** Reports the txns between {@code last} and {@code firstAfter} missing; ships on after them. */
  private void declareGap(long last, long firstAfter, String why) {
    if (lastGapReported != firstAfter) {
      lastGapReported = firstAfter;
      metrics.gap();
      String message =
          "GAP in the log of "
              + ensemble
              + ": txns after "
              + Zxid.hex(last)
              + " up to "
              + Zxid.hex(firstAfter)
              + " (exclusive) are missing in every member's log ("
              + why
              + "); shipping goes on from "
              + Zxid.hex(firstAfter)
              + ", point-in-time restore cannot cross the gap";
      LOG.warn(message);
      problem = message;
      report(message, true);
    }
    after = firstAfter - 1;
    tailer = new TxnLogTailer(source.logDir(), after);
    uncommitted.clear();
  }

  /** Publishes what the cutter holds; false (and kept for a retry) when that fails. */
  private boolean publish() throws InterruptedException {
    List<TxnLogRecord> records = cutter.peek();
    Segment segment =
        new Segment(
            after,
            parentId,
            records,
            Math.max(0, tailer == null ? 0 : tailer.dbid()),
            source == null ? "unknown" : source.name());
    Destinations d = destinations.get();
    NavigableMap<Long, Long> live = source == null ? new TreeMap<>() : source.digests();
    try {
      Backup b = publisher.publish(segment, d.home(), d.replicas(), live);
      cutter.take();
      after = b.toZxid();
      parentId = b.id();
      published++;
      if (problem.startsWith("publishing")) {
        problem = "";
      }
      return true;
    } catch (IOException
        | NoControllerException
        | ApiCallException
        | java.io.UncheckedIOException e) {
      if (Thread.currentThread().isInterrupted()
          || e instanceof java.io.InterruptedIOException
          || e instanceof java.nio.channels.ClosedByInterruptException) {
        throw new InterruptedException("shipping of " + ensemble + " stopped while publishing");
      }
      LOG.warn(
          "publishing increment {} of {} failed, will retry: {}",
          segment.backupId(ensemble),
          ensemble,
          e.toString());
      problem = "publishing " + segment.backupId(ensemble) + " failed: " + e.getMessage();
      Thread.sleep(Math.max(200, config.pollInterval().toMillis()));
      return false;
    }
  }

  private void report(String text, boolean now) {
    long t = System.nanoTime();
    if (!now && t - lastProgressNanos < PROGRESS_EVERY_NANOS) {
      return;
    }
    lastProgressNanos = t;
    String line =
        text != null
            ? text
            : "shipped "
                + ensemble
                + " to "
                + Zxid.hex(after)
                + " ("
                + published
                + " increment(s) this run"
                + (source == null ? "" : ", from member " + source.name())
                + ")"
                + (problem.isEmpty() ? "" : "; " + problem);
    progress.accept(line.length() > 3900 ? line.substring(0, 3900) : line);
  }

  /** The last zxid shipped (catalogued) so far. */
  public long shippedZxid() {
    return after;
  }
}
