package io.zkdr.agent.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.net.LoopbackPorts;
import io.zkdr.testing.TestDirs;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.txnlog.TxnLogWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.Test;

/** Which resume points a member's files prove, on logs written record by record. */
class TailSourceTest {

  private static void log(Path dir, long... zxids) throws IOException {
    try (OutputStream out =
            Files.newOutputStream(dir.resolve("log." + Long.toHexString(zxids[0])));
        TxnLogWriter w = TxnLogWriter.open(out, 1)) {
      for (long z : zxids) {
        w.append(
            new TxnHeader(1, 1, z, 1000 + z, OpCode.create),
            new CreateTxn("/n" + z, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, false, 1),
            null);
      }
    }
  }

  @Test
  void aResumePointIsProvenByTheLogOrAnExactSnapshotOnly() throws IOException {
    Path base = TestDirs.create("tail-source");
    Path v2 = Files.createDirectories(base.resolve("version-2"));
    log(v2, Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
    // the txns after 1/3 in epoch 1 were never logged here: the log goes on in epoch 2
    log(v2, Zxid.of(2, 5), Zxid.of(2, 6));
    Files.write(v2.resolve("snapshot." + Long.toHexString(Zxid.of(1, 9))), new byte[0]);
    // nobody answers on this port: the member counts as not serving, at no zxid
    TailSource source =
        TailSource.of(
            new MemberConfig(
                1,
                "127.0.0.1",
                LoopbackPorts.next(),
                LoopbackPorts.next(),
                LoopbackPorts.next(),
                0,
                base,
                base,
                new MemberControlConfig(
                    MemberControlConfig.Mode.EXTERNAL, null, null, Duration.ofSeconds(1))));

    assertEquals(TailSource.Continuity.HOLDS, source.through(Zxid.of(1, 2)));
    assertEquals(TailSource.Continuity.HOLDS, source.through(Zxid.of(1, 3)));
    assertEquals(TailSource.Continuity.BROKEN, source.through(Zxid.of(1, 7)));
    assertEquals(TailSource.Continuity.HOLDS, source.through(Zxid.of(1, 9)), "a snapshot there");
    assertEquals(TailSource.Continuity.HOLDS, source.through(Zxid.of(2, 6)));
    assertEquals(TailSource.Continuity.NOT_YET, source.through(Zxid.of(2, 7)));
  }
}
