package io.zkdr.controller.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.server.protocol.TermIndex;
import org.junit.jupiter.api.Test;

class SnapshotWriterTest {

  @Test
  void aSnapshotIsReportedOnlyOnceItIsWrittenAndOneRunsAtATime() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<TermIndex> started = new ArrayList<>();
    SnapshotWriter.Write slow =
        ti -> {
          synchronized (started) {
            started.add(ti);
          }
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        };
    try (SnapshotWriter w = new SnapshotWriter("test", () -> {})) {
      assertTrue(w.idle());
      assertEquals(-1, w.poll(TermIndex.valueOf(1, 100), slow), "started, not written yet");
      assertFalse(w.idle());
      assertEquals(-1, w.poll(TermIndex.valueOf(1, 130), slow), "still writing");
      release.countDown();
      long reported = -1;
      for (int i = 0; i < 200 && reported < 0; i++) {
        reported = w.poll(TermIndex.valueOf(1, 150), slow);
        Thread.sleep(10);
      }
      assertEquals(100, reported, "the index it was started for");
      assertTrue(w.idle());
      synchronized (started) {
        assertEquals(List.of(TermIndex.valueOf(1, 100)), started, "one write, for the first ask");
      }
    }
  }

  @Test
  void aFailedSnapshotIsReportedAndTheNextAskStartsAnother() throws Exception {
    try (SnapshotWriter w = new SnapshotWriter("test", () -> {})) {
      assertEquals(
          -1,
          w.poll(
              TermIndex.valueOf(2, 7),
              ti -> {
                throw new IOException("disk full at " + ti);
              }));
      IOException failed = null;
      for (int i = 0; i < 200 && failed == null; i++) {
        try {
          w.poll(TermIndex.valueOf(2, 8), ti -> {});
          Thread.sleep(10);
        } catch (IOException e) {
          failed = e;
        }
      }
      assertTrue(failed != null && failed.getMessage().contains("disk full"), "" + failed);
      assertTrue(w.idle());
      List<TermIndex> started = new ArrayList<>();
      assertEquals(-1, w.poll(TermIndex.valueOf(2, 9), started::add), "the asked-for poll");
      assertTrue(started.isEmpty(), "the poll asked for after a write starts none");
      assertEquals(-1, w.poll(TermIndex.valueOf(2, 10), started::add), "a new one starts");
      for (int i = 0; i < 200 && w.poll(TermIndex.valueOf(2, 11), ti -> {}) < 0; i++) {
        Thread.sleep(10);
      }
      assertEquals(List.of(TermIndex.valueOf(2, 10)), started);
    }
  }

  @Test
  void aWrittenSnapshotAsksForAPollAndThatPollStartsNoOther() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    List<TermIndex> started = new ArrayList<>();
    SnapshotWriter.Write write =
        ti -> {
          synchronized (started) {
            started.add(ti);
          }
        };
    try (SnapshotWriter w = new SnapshotWriter("test", asked::countDown)) {
      assertEquals(-1, w.poll(TermIndex.valueOf(3, 40), write));
      assertTrue(asked.await(10, TimeUnit.SECONDS), "no poll asked for once written");
      // an apply polled first and got the snapshot; then comes the poll that was asked for
      assertEquals(40, w.poll(TermIndex.valueOf(3, 41), write));
      assertEquals(-1, w.poll(TermIndex.valueOf(3, 41), write));
      assertTrue(w.idle(), "the asked-for poll started a write");
      // the poll after that starts the next snapshot as usual
      assertEquals(-1, w.poll(TermIndex.valueOf(3, 90), write));
      for (int i = 0; i < 200 && w.poll(TermIndex.valueOf(3, 91), write) < 0; i++) {
        Thread.sleep(10);
      }
      synchronized (started) {
        assertEquals(List.of(TermIndex.valueOf(3, 40), TermIndex.valueOf(3, 90)), started);
      }
    }
  }

  @Test
  void closeWaitsForTheSnapshotBeingWritten() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    CountDownLatch asked = new CountDownLatch(1);
    SnapshotWriter w = new SnapshotWriter("test", asked::countDown);
    w.poll(
        TermIndex.valueOf(1, 1),
        ti -> {
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          finished.countDown();
        });
    assertTimeoutPreemptively(Duration.ofSeconds(20), w::close, "close waited on itself");
    assertEquals(0, finished.getCount(), "close returned before the snapshot was written");
    assertEquals(0, asked.getCount(), "the write that close waited for asked for no poll");
  }
}
