package io.zkdr.zk.txnlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.txnlog.LogProblem.Kind;
import io.zkdr.zk.txnlog.LogProblem.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.TxnHeader;
import org.junit.jupiter.api.Test;

/** Logs written record by record, for the findings a healthy server never produces. */
class SyntheticLogTest {

  private static final long T0 = 1_700_000_000_000L;

  static void create(TxnLogWriter w, long zxid, long time, String path) throws IOException {
    w.append(
        new TxnHeader(1, (int) zxid, zxid, time, OpCode.create),
        new CreateTxn(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, false, 1),
        null);
  }

  @Test
  void timeStepsBackAreWarningsWithinToleranceAndErrorsBeyond() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TxnLogWriter w = TxnLogWriter.open(out, 7)) {
      create(w, Zxid.of(1, 1), T0, "/a");
      create(w, Zxid.of(1, 2), T0 - 500, "/b");
      create(w, Zxid.of(1, 3), T0 + 1000, "/c");
      create(w, Zxid.of(1, 4), T0 - 60_000, "/d");
    }
    LogCheckReport r =
        new TxnLogValidator(Duration.ofSeconds(2))
            .validate(new ByteArrayInputStream(out.toByteArray()), "t", false);
    var back = r.ofKind(Kind.TIME_BACKWARDS);
    assertEquals(2, back.size(), r.describe());
    assertEquals(Severity.WARNING, back.get(0).severity());
    assertEquals(Zxid.of(1, 2), back.get(0).zxid());
    assertEquals(Severity.ERROR, back.get(1).severity());
    assertEquals(Zxid.of(1, 4), back.get(1).zxid());
    assertTrue(back.get(1).message().contains("61000 ms"), back.get(1).message());
  }

  @Test
  void epochChangesAreLegalButBackwardsZxidsAndUnknownTypesAreNot() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long unknownOffset;
    try (TxnLogWriter w = TxnLogWriter.open(out, 7)) {
      create(w, Zxid.of(1, 1), T0, "/a");
      create(w, Zxid.of(1, 2), T0 + 1, "/b");
      create(w, Zxid.of(3, 1), T0 + 2, "/c");
      create(w, Zxid.of(3, 1), T0 + 3, "/c2");
      w.flush();
      unknownOffset = w.bytesWritten();
      w.append(new TxnHeader(1, 9, Zxid.of(3, 2), T0 + 4, 99), null, null);
      create(w, Zxid.of(3, 3), T0 + 5, "/d");
    }
    LogCheckReport r =
        new TxnLogValidator().validate(new ByteArrayInputStream(out.toByteArray()), "t", false);
    assertEquals(1, r.ofKind(Kind.EPOCH_CHANGE).size(), r.describe());
    assertEquals(Severity.INFO, r.ofKind(Kind.EPOCH_CHANGE).get(0).severity());
    assertEquals(Zxid.of(3, 1), r.ofKind(Kind.ZXID_NOT_INCREASING).get(0).zxid());
    LogProblem unknown = r.ofKind(Kind.UNKNOWN_TXN_TYPE).get(0);
    assertEquals(unknownOffset, unknown.offset());
    assertEquals(Severity.ERROR, unknown.severity());
    // the record after the unknown one is read on, and the missing 3/2 is not reported as a gap
    // twice: it was there, only undecodable
    assertEquals(6, r.records());
    assertEquals(Zxid.of(3, 3), r.lastZxid());
  }
}
