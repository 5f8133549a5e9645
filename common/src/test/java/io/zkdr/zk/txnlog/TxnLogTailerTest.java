package io.zkdr.zk.txnlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.Zxid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/** Following a running server's logs across rolls and a restart. */
class TxnLogTailerTest {

  @Test
  void pollsReturnEveryTxnOnceInOrderAcrossRollsAndEpochs() throws Exception {
    List<Long> polled = new ArrayList<>();
    Path logDir;
    try (ZkTestQuorum q =
        ZkTestQuorum.start(
            "tailer", 1, ZkTestQuorum.TEST_SETTINGS.withSnapCount(100).withLogSizes(64, 0))) {
      logDir = q.server(1).member().dataLogDir().resolve("version-2");
      TxnLogTailer tailer = new TxnLogTailer(logDir, 0);
      for (int round = 0; round < 6; round++) {
        if (round == 3) {
          q.restart(1); // a new epoch begins
        }
        try (ZooKeeper zk = ZkClients.connect(q.connectString(), Duration.ofSeconds(30));
            ZooKeeper eph = ZkClients.connect(q.connectString(), Duration.ofSeconds(30))) {
          Workload w = new Workload(zk, eph, 100 + round);
          Thread writes =
              new Thread(
                  () -> {
                    try {
                      w.run(60);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
          writes.start();
          // small batches while the server writes (records may be half on disk)
          while (writes.isAlive()) {
            List<TxnLogRecord> batch = tailer.poll(7);
            assertTrue(batch.size() <= 7);
            batch.forEach(r -> polled.add(r.zxid()));
            if (batch.isEmpty()) {
              Thread.sleep(5);
            }
          }
          writes.join();
          List<TxnLogRecord> batch;
          while (!(batch = tailer.poll(7)).isEmpty()) {
            batch.forEach(r -> polled.add(r.zxid()));
          }
        }
      }
      q.stop(1);
      tailer.poll(Integer.MAX_VALUE).forEach(r -> polled.add(r.zxid()));
      assertEquals(polled.get(polled.size() - 1), tailer.lastZxid());
    }
    List<Long> all = new ArrayList<>();
    for (TxnLogFile f : TxnLogFile.list(logDir)) {
      TxnLogValidatorTest.readAll(f.path()).forEach(r -> all.add(r.zxid()));
    }
    assertTrue(TxnLogFile.list(logDir).size() >= 4, "the logs rolled");
    assertEquals(all, polled);
    assertTrue(Zxid.epoch(polled.get(polled.size() - 1)) > Zxid.epoch(polled.get(0)));
  }
}
