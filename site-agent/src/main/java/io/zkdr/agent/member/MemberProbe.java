package io.zkdr.agent.member;

import io.zkdr.agent.config.MemberConfig;
import io.zkdr.zk.admin.FourLetterWords;
import java.io.IOException;
import java.time.Duration;

/** Asks a member whether its client port answers. */
public final class MemberProbe {
  private MemberProbe() {}

  /** Whether the client port answers {@code ruok} with {@code imok}. */
  public static boolean answersRuok(MemberConfig m, Duration timeout) {
    try {
      return "imok".equals(FourLetterWords.send(m.host(), m.clientPort(), "ruok", timeout).trim());
    } catch (IOException e) {
      return false;
    }
  }
}
