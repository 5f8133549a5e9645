package io.zkdr.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ZKConfig;

/** Plain ZooKeeper clients for tests, able to carry 1 MB znodes. */
public final class ZkClients {

  private ZkClients() {}

  /** Connects and waits until the session is established. */
  public static ZooKeeper connect(String connectString, Duration timeout)
      throws IOException, InterruptedException {
    ZKClientConfig config = new ZKClientConfig();
    config.setProperty(ZKConfig.JUTE_MAXBUFFER, String.valueOf(4 * 1024 * 1024));
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk =
        new ZooKeeper(
            connectString,
            15_000,
            event -> {
              if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
              }
            },
            config);
    if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      zk.close();
      throw new IOException("no session with " + connectString + " after " + timeout);
    }
    return zk;
  }
}
