package io.zkdr.controller.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.model.EnsembleSpec;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.Region;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The applier alone, on a RocksDB catalog under target/. */
class CommandApplierTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private static CatalogStore open() throws Exception {
    return CatalogStore.open(
        Path.of(
            System.getProperty("zkdr.test.tmp", "target/test-tmp"),
            "applier-" + UUID.randomUUID()));
  }

  private static byte[] cmd(Command c) {
    return CommandApplier.encode(CommandEnvelope.of("test", AT, c));
  }

  @Test
  void appliedIndexIsWrittenWithEveryChangeAndRejectionsChangeNothingElse() throws Exception {
    try (CatalogStore store = open()) {
      CommandApplier a = new CommandApplier(store);
      ApplyResult ok = a.apply(cmd(new Command.PutRegion(new Region("us-east", "d"))), 1, 5).get(0);
      assertTrue(ok.ok());
      assertArrayEquals(new long[] {1, 5}, store.appliedTermIndex());
      byte[] before = store.getRaw(Table.REGIONS, Keys.utf8("us-east"));
      ApplyResult rejected =
          a.apply(cmd(new Command.RegisterAgent("a1", "site-1", "mars", "1")), 1, 6).get(0);
      assertFalse(rejected.ok());
      assertEquals(RejectionCode.NOT_FOUND, rejected.code());
      assertTrue(rejected.message().contains("mars"));
      assertNull(store.getRaw(Table.AGENTS, Keys.utf8("a1")));
      assertNull(store.getRaw(Table.SITES, Keys.utf8("site-1")));
      assertArrayEquals(before, store.getRaw(Table.REGIONS, Keys.utf8("us-east")));
      assertArrayEquals(new long[] {1, 6}, store.appliedTermIndex());
    }
  }

  @Test
  void garbageAndNullFieldsAreRefusedNotFatal() throws Exception {
    try (CatalogStore store = open()) {
      CommandApplier a = new CommandApplier(store);
      ApplyResult garbage = a.apply("{not json".getBytes(StandardCharsets.UTF_8), 1, 1).get(0);
      assertEquals(RejectionCode.INVALID, garbage.code());
      ApplyResult nulls =
          a.apply(cmd(new Command.CompleteJob("j", null, 1, Map.of(), null)), 1, 2).get(0);
      assertFalse(nulls.ok());
      assertArrayEquals(new long[] {1, 2}, store.appliedTermIndex());
    }
  }

  @Test
  void anUndecodableEnvelopeIsRefusedAloneAndTheRestOfItsEntryApplies() throws Exception {
    try (CatalogStore store = open()) {
      CommandApplier a = new CommandApplier(store);
      List<byte[]> parts =
          List.of(
              CommandApplier.encodeEnvelope(
                  CommandEnvelope.of("t", AT, new Command.PutRegion(new Region("us-east", null)))),
              "{\"v\":1,\"command\":{\"type\":\"NoSuchCommand\"}}".getBytes(StandardCharsets.UTF_8),
              CommandApplier.encodeEnvelope(
                  CommandEnvelope.of("t", AT, new Command.PutRegion(new Region("eu-west", null)))));
      List<ApplyResult> r = a.apply(CommandApplier.encodeBatch(parts), 1, 1);
      assertEquals(3, r.size());
      assertTrue(r.get(0).ok());
      assertEquals(RejectionCode.INVALID, r.get(1).code());
      assertTrue(r.get(1).message().contains("undecodable"), r.get(1).message());
      assertTrue(r.get(2).ok());
      assertTrue(store.getRaw(Table.REGIONS, Keys.utf8("eu-west")) != null);
      assertArrayEquals(new long[] {1, 1}, store.appliedTermIndex());
    }
  }

  @Test
  void aBatchAppliesInOrderAndRollsBackOnlyTheRejectedCommand() throws Exception {
    try (CatalogStore store = open()) {
      CommandApplier a = new CommandApplier(store);
      a.apply(cmd(new Command.PutRegion(new Region("us-east", null))), 1, 1);
      a.apply(
          cmd(
              new Command.PutEnsemble(
                  "e", new EnsembleSpec(List.of(), "us-east", List.of(), null))),
          1,
          2);
      a.apply(cmd(new Command.RegisterAgent("a1", "s", "us-east", "1")), 1, 3);
      a.apply(cmd(new Command.RegisterAgent("a2", "s", "us-east", "1")), 1, 4);
      a.apply(
          cmd(
              new Command.CreateJob(
                  "j1", new JobSpec(JobKind.VERIFY, "e", null, null, Map.of(), 3))),
          1,
          5);
      Instant until = AT.plusSeconds(60);
      List<byte[]> parts =
          List.of(
              CommandApplier.encodeEnvelope(
                  CommandEnvelope.of("t", AT, new Command.LeaseJob("a1", List.of(), until))),
              CommandApplier.encodeEnvelope(
                  CommandEnvelope.of("t", AT, new Command.RegisterAgent("a3", "s", "mars", "1"))),
              CommandApplier.encodeEnvelope(
                  CommandEnvelope.of("t", AT, new Command.LeaseJob("a2", List.of(), until))));
      List<ApplyResult> r = a.apply(CommandApplier.encodeBatch(parts), 1, 6);
      assertEquals(3, r.size());
      assertEquals("j1", r.get(0).value().get("id").asText());
      assertEquals(RejectionCode.NOT_FOUND, r.get(1).code());
      assertTrue(r.get(2).ok());
      assertNull(r.get(2).value(), "the job was leased by the first command of the entry");
      assertNull(store.getRaw(Table.AGENTS, Keys.utf8("a3")));
      assertArrayEquals(new long[] {1, 6}, store.appliedTermIndex());
    }
  }

  @Test
  void sameCommandsGiveTheSameBytesOnEveryReplica() throws Exception {
    try (CatalogStore s1 = open();
        CatalogStore s2 = open()) {
      for (CatalogStore s : new CatalogStore[] {s1, s2}) {
        CommandApplier a = new CommandApplier(s);
        a.apply(cmd(new Command.PutRegion(new Region("us-east", null))), 1, 1);
        a.apply(cmd(new Command.RegisterAgent("a1", "site-1", "us-east", "1")), 1, 2);
      }
      assertArrayEquals(
          s1.getRaw(Table.AGENTS, Keys.utf8("a1")), s2.getRaw(Table.AGENTS, Keys.utf8("a1")));
    }
  }
}
