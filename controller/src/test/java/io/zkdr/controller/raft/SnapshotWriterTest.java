package io.zkdr.controller.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
    try (SnapshotWriter w = new SnapshotWriter("test")) {
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
    try (SnapshotWriter w = new SnapshotWriter("test")) {
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
      assertEquals(-1, w.poll(TermIndex.valueOf(2, 9), ti -> {}), "a new one starts");
    }
  }

  @Test
  void closeWaitsForTheSnapshotBeingWritten() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    SnapshotWriter w = new SnapshotWriter("test");
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
    w.close();
    assertEquals(0, finished.getCount(), "close returned before the snapshot was written");
  }
}
