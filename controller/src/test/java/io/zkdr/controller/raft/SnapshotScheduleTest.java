package io.zkdr.controller.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotScheduleTest {
  /** Applies entries one by one, taking each offered snapshot the schedule calls due. */
  private static List<Long> snapshots(SnapshotSchedule s, long upTo) {
    List<Long> taken = new ArrayList<>();
    long latest = -1;
    for (long i = 0; i <= upTo; i++) {
      boolean offered = i - Math.max(latest, 0) >= s.triggerThreshold();
      if (offered && s.due(i, latest)) {
        taken.add(i);
        latest = i;
      }
    }
    return taken;
  }

  @Test
  void membersSnapshotOncePerPeriodAtTheirOwnPhase() {
    long period = 900;
    List<List<Long>> all = new ArrayList<>();
    for (int rank = 0; rank < 3; rank++) {
      all.add(snapshots(new SnapshotSchedule(period, rank, 3), 10 * period));
    }
    for (int rank = 0; rank < 3; rank++) {
      List<Long> taken = all.get(rank);
      long phase = period * rank / 3;
      // After the first, every snapshot is at the member's phase, one period apart.
      for (int k = 1; k < taken.size(); k++) {
        assertEquals(phase, Math.floorMod(taken.get(k), period), "rank " + rank + ": " + taken);
        if (k > 1) {
          assertEquals(period, taken.get(k) - taken.get(k - 1), "rank " + rank + ": " + taken);
        }
      }
      assertTrue(taken.size() >= 9, "rank " + rank + ": " + taken);
    }
    // No two members start within a third of a period of each other.
    for (long a : all.get(0).subList(1, all.get(0).size())) {
      for (long b : all.get(1)) {
        assertTrue(Math.abs(a - b) >= period / 3, a + " and " + b);
      }
    }
  }

  @Test
  void aSnapshotInstalledOffPhaseIsFollowedAtTheNextPhasePoint() {
    SnapshotSchedule s = new SnapshotSchedule(1000, 1, 2);
    assertFalse(s.due(1400, 1234));
    assertTrue(s.due(1500, 1234));
    assertFalse(s.due(2499, 1500));
    assertTrue(s.due(2500, 1500));
  }

  @Test
  void aRankOutsideTheGroupIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SnapshotSchedule(100, 3, 3));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotSchedule(0, 0, 3));
  }
}
