package io.zkdr.agent.shipping;

import io.zkdr.agent.config.MemberConfig;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.admin.ServerStatus;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.snapshot.SnapshotFile;
import io.zkdr.zk.txnlog.TxnLogRecord;
import io.zkdr.zk.txnlog.TxnLogTailer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The member whose transaction log is tailed. Its {@code srvr} zxid is the last transaction it has
 * applied, which only happens once the quorum committed it: records past it may still be proposals
 * and are held back.
 *
 * @param member the member
 * @param logDir its {@code version-2} log directory
 */
public record TailSource(MemberConfig member, Path logDir) {

  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  /** Whether a member's history is known to pass through a zxid. */
  public enum Continuity {
    /** Its log holds the zxid, or it has a snapshot taken exactly there. */
    HOLDS,
    /** It has not applied the zxid yet (a lagging member). */
    NOT_YET,
    /** It applied past the zxid but its log does not hold it (purged, or synced by snapshot). */
    BROKEN
  }

  /**
   * Whether this member's data shows it passing through {@code zxid}: its log holds that txn, or it
   * has a snapshot named {@code zxid}. An epoch change in a log cannot tell on its own whether txns
   * of the old epoch are missing, so shipping resumes only on a member that shows the zxid it
   * resumes after.
   */
  public Continuity through(long zxid) {
    if (zxid <= 0) {
      return Continuity.HOLDS;
    }
    ZkDataDir dir = new ZkDataDir(member.dataDir(), member.dataLogDir());
    try {
      List<TxnLogRecord> next = new TxnLogTailer(logDir, zxid - 1).poll(1);
      if (!next.isEmpty() && next.get(0).zxid() == zxid) {
        return Continuity.HOLDS;
      }
      for (SnapshotFile snap : dir.snapshots()) {
        if (snap.startZxid() == zxid) {
          return Continuity.HOLDS;
        }
      }
      if (next.isEmpty() && status().zxid() < zxid) {
        return Continuity.NOT_YET;
      }
      return Continuity.BROKEN;
    } catch (IOException e) {
      return Continuity.BROKEN;
    }
  }

  /** A source reading {@code member}'s log dir. */
  public static TailSource of(MemberConfig member) {
    return new TailSource(member, new ZkDataDir(member.dataDir(), member.dataLogDir()).logDir());
  }

  /** {@code myid@host:port}, for messages and manifests. */
  public String name() {
    return member.myid() + "@" + member.host() + ":" + member.clientPort();
  }

  /** The member's status, or "not serving" when it does not answer. */
  public ServerStatus status() {
    try {
      return FourLetterWords.srvr(member.host(), member.clientPort(), PROBE_TIMEOUT);
    } catch (IOException e) {
      return ServerStatus.notServing();
    }
  }

  /** The member's digest history (zxid to digest); empty when it does not answer. */
  public NavigableMap<Long, Long> digests() {
    try {
      return FourLetterWords.hash(member.host(), member.clientPort(), PROBE_TIMEOUT);
    } catch (IOException e) {
      return new java.util.TreeMap<>();
    }
  }

  /**
   * The serving member with the highest applied zxid among {@code members}, skipping {@code
   * exclude} (myids); the current source wins ties so shipping does not hop between equals.
   */
  public static Optional<TailSource> pick(
      List<MemberConfig> members, List<Integer> exclude, TailSource current) {
    record Candidate(TailSource source, long zxid) {}
    List<Candidate> serving = new ArrayList<>();
    for (MemberConfig m : members) {
      if (exclude.contains(m.myid())) {
        continue;
      }
      TailSource s = of(m);
      ServerStatus st = s.status();
      if (st.serving()) {
        serving.add(new Candidate(s, st.zxid()));
      }
    }
    Comparator<Candidate> order =
        Comparator.comparingLong(Candidate::zxid)
            .thenComparing(
                c -> current != null && c.source().member().myid() == current.member().myid());
    return serving.stream().max(order).map(Candidate::source);
  }
}
