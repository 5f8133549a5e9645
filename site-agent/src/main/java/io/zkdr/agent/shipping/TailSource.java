package io.zkdr.agent.shipping;

import io.zkdr.agent.config.MemberConfig;
import io.zkdr.zk.admin.FourLetterWords;
import io.zkdr.zk.admin.ServerStatus;
import io.zkdr.zk.datadir.ZkDataDir;
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
