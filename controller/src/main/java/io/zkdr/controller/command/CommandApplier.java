package io.zkdr.controller.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.controller.catalog.CatalogIoException;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.CatalogTxn;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.json.JsonMapperFactory;
import io.zkdr.model.AuditEntry;
import io.zkdr.model.Ensemble;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one logged command to the catalog in one write batch: the change, its audit entry and the
 * applied term and index. A {@link Rejection} drops the change but still records the audit entry
 * and the index. Depends only on the command bytes and the catalog, never on clocks.
 */
public final class CommandApplier {
  private static final ObjectMapper JSON = JsonMapperFactory.shared();
  private final CatalogStore store;
  private final CatalogCommands catalog = new CatalogCommands();
  private final JobCommands jobs = new JobCommands();

  public CommandApplier(CatalogStore store) {
    this.store = store;
  }

  /**
   * Applies the commands logged at {@code term}/{@code index}, in order, in one write batch. Each
   * command sees the effects of the ones before it; a rejected command's changes are rolled back to
   * its save point. Returns one result per command.
   *
   * @throws io.zkdr.controller.catalog.CatalogIoException when the database fails (fatal)
   */
  public List<ApplyResult> apply(byte[] data, long term, long index) {
    List<CommandEnvelope> envs;
    try {
      CommandBatch batch = JSON.readValue(data, CommandBatch.class);
      envs = batch.commands() == null ? List.of() : batch.commands();
    } catch (IOException e) {
      envs = decodeEach(data);
    }
    try (CatalogTxn txn = store.begin()) {
      List<ApplyResult> results = new ArrayList<>();
      if (envs == null || envs.isEmpty()) {
        ApplyResult r =
            ApplyResult.rejected(Rejection.invalid("undecodable or empty command batch"), index);
        audit(txn, null, r, index, 0);
        results.add(r);
      } else {
        for (int i = 0; i < envs.size(); i++) {
          ApplyResult r = applyOne(envs.get(i), txn, index);
          audit(txn, envs.get(i), r, index, i);
          results.add(r);
        }
      }
      txn.commit(term, index);
      return results;
    }
  }

  /**
   * The envelopes of a batch that does not decode as a whole, one by one: an envelope that does not
   * decode (null here) is refused alone rather than taking the other commands of its entry with it.
   * Null when the entry is not a batch at all.
   */
  private static List<CommandEnvelope> decodeEach(byte[] data) {
    JsonNode commands;
    try {
      commands = JSON.readTree(data).get("commands");
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (commands == null || !commands.isArray()) {
      return null;
    }
    List<CommandEnvelope> envs = new ArrayList<>(commands.size());
    for (JsonNode c : commands) {
      CommandEnvelope env;
      try {
        env = JSON.treeToValue(c, CommandEnvelope.class);
      } catch (IOException | RuntimeException e) {
        env = null;
      }
      envs.add(env);
    }
    return envs;
  }

  private ApplyResult applyOne(CommandEnvelope env, CatalogTxn txn, long index) {
    if (env == null) {
      return ApplyResult.rejected(Rejection.invalid("undecodable command"), index);
    }
    if (env.v() != CommandEnvelope.VERSION) {
      return ApplyResult.rejected(
          Rejection.invalid("unsupported command version " + env.v()), index);
    }
    if (env.command() == null || env.at() == null) {
      return ApplyResult.rejected(Rejection.invalid("command and at are required"), index);
    }
    txn.setSavePoint();
    try {
      Object value = dispatch(env.command(), env.at(), txn);
      txn.releaseSavePoint();
      return ApplyResult.applied(value == null ? null : JSON.valueToTree(value), index);
    } catch (Rejection r) {
      txn.rollbackToSavePoint();
      return ApplyResult.rejected(r, index);
    } catch (CatalogIoException e) {
      throw e;
    } catch (RuntimeException e) {
      // A command the checks let through but that cannot be applied (e.g. a null field from a
      // client that bypassed the API). Every replica fails the same way, so refusing it keeps
      // them identical.
      txn.rollbackToSavePoint();
      return ApplyResult.rejected(
          Rejection.invalid(typeName(env.command()) + " cannot be applied: " + e), index);
    }
  }

  private static void audit(
      CatalogTxn txn, CommandEnvelope env, ApplyResult r, long index, int position) {
    Instant at = env == null || env.at() == null ? Instant.EPOCH : env.at();
    String action = env == null || env.command() == null ? "?" : typeName(env.command());
    String target;
    try {
      target = env == null || env.command() == null ? "?" : env.command().target();
    } catch (RuntimeException e) {
      target = "?";
    }
    AuditEntry entry =
        new AuditEntry(
            index,
            at,
            env == null ? "?" : env.actor(),
            action,
            target,
            r.ok() ? "OK" : r.code().name(),
            r.message());
    txn.put(Table.AUDIT, Keys.key().num(at.toEpochMilli()).num(index).num(position).build(), entry);
  }

  static String typeName(Command c) {
    return c.getClass().getSimpleName();
  }

  private Object dispatch(Command c, Instant at, CatalogTxn txn) {
    if (c instanceof Command.PutRegion x) {
      return catalog.putRegion(x, txn);
    } else if (c instanceof Command.RegisterAgent x) {
      return catalog.registerAgent(x, at, txn);
    } else if (c instanceof Command.RecordHeartbeat x) {
      return catalog.recordHeartbeat(x, at, txn);
    } else if (c instanceof Command.PutEnsemble x) {
      return catalog.putEnsemble(x, txn);
    } else if (c instanceof Command.RemoveEnsemble x) {
      Ensemble removed = CatalogCommands.requireEnsemble(txn, x.name());
      jobs.cancelForRemoval(x.name(), at, txn);
      catalog.removeEnsemble(x, txn);
      return removed;
    } else if (c instanceof Command.BumpFailoverGeneration x) {
      return catalog.bumpGeneration(x, txn);
    } else if (c instanceof Command.PutPolicy x) {
      return catalog.putPolicy(x, txn);
    } else if (c instanceof Command.PutBackups x) {
      return catalog.putBackups(x, txn);
    } else if (c instanceof Command.AddBackupCopy x) {
      return catalog.addCopy(x, txn);
    } else if (c instanceof Command.RecordVerification x) {
      return catalog.recordVerification(x, txn);
    } else if (c instanceof Command.PutDrillRun x) {
      return catalog.putDrillRun(x, txn);
    } else if (c instanceof Command.CreateJob x) {
      return jobs.create(x.jobId(), x.spec(), at, txn);
    } else if (c instanceof Command.ScheduleTick x) {
      return jobs.scheduleTick(x, at, txn);
    } else if (c instanceof Command.LeaseJob x) {
      return jobs.lease(x, at, txn);
    } else if (c instanceof Command.ReportJobProgress x) {
      return jobs.progress(x, at, txn);
    } else if (c instanceof Command.CompleteJob x) {
      return jobs.complete(x, at, txn);
    } else if (c instanceof Command.FailJob x) {
      return jobs.fail(x, at, txn);
    } else if (c instanceof Command.ExpireLease x) {
      return jobs.expire(x, at, txn);
    } else if (c instanceof Command.CancelJob x) {
      return jobs.cancel(x, at, txn);
    }
    throw Rejection.invalid("unknown command " + typeName(c));
  }

  /** Decodes the results message sent back through Raft. */
  public static List<ApplyResult> decodeResults(byte[] bytes) throws IOException {
    return JSON.readValue(bytes, RESULTS);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<List<ApplyResult>> RESULTS =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /** Encodes the results for the Raft reply. */
  public static byte[] encodeResults(List<ApplyResult> r) {
    try {
      return JSON.writeValueAsBytes(r);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode apply result", e);
    }
  }

  /** Encodes a batch of one envelope for the Raft log. */
  public static byte[] encode(CommandEnvelope env) {
    return encodeBatch(List.of(encodeEnvelope(env)));
  }

  /** Joins encoded envelopes into the log entry {@code {"commands":[...]}}. */
  public static byte[] encodeBatch(List<byte[]> envelopes) {
    int size = 16;
    for (byte[] e : envelopes) {
      size += e.length + 1;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
    out.writeBytes("{\"commands\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (int i = 0; i < envelopes.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(envelopes.get(i));
    }
    out.writeBytes("]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Encodes one envelope. */
  public static byte[] encodeEnvelope(CommandEnvelope env) {
    try {
      return JSON.writeValueAsBytes(env);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode command " + env.command(), e);
    }
  }

  /** Reads a JSON value of the result into a type. */
  public static <T> T valueAs(JsonNode value, Class<T> type) {
    try {
      return JSON.treeToValue(value, type);
    } catch (IOException e) {
      throw new IllegalStateException("unexpected result value for " + type.getSimpleName(), e);
    }
  }
}
