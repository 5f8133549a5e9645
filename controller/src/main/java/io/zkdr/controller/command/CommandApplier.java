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
import java.io.IOException;
import java.time.Instant;

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
   * Applies the command logged at {@code term}/{@code index}.
   *
   * @throws io.zkdr.controller.catalog.CatalogIoException when the database fails (fatal)
   */
  public ApplyResult apply(byte[] data, long term, long index) {
    CommandEnvelope env;
    try {
      env = JSON.readValue(data, CommandEnvelope.class);
    } catch (IOException e) {
      return commitRejection(
          null, Rejection.invalid("undecodable command: " + e.getMessage()), term, index);
    }
    if (env.v() != CommandEnvelope.VERSION) {
      return commitRejection(
          env, Rejection.invalid("unsupported command version " + env.v()), term, index);
    }
    if (env.command() == null || env.at() == null) {
      return commitRejection(env, Rejection.invalid("command and at are required"), term, index);
    }
    try (CatalogTxn txn = store.begin()) {
      ApplyResult result;
      try {
        Object value = dispatch(env.command(), env.at(), txn);
        result = ApplyResult.applied(value == null ? null : JSON.valueToTree(value), index);
      } catch (Rejection r) {
        txn.discard();
        result = ApplyResult.rejected(r, index);
      } catch (CatalogIoException e) {
        throw e;
      } catch (RuntimeException e) {
        // A command the checks above let through but that cannot be applied (e.g. a null field
        // from a client that bypassed the API). Every replica fails the same way, so refusing it
        // keeps them identical.
        txn.discard();
        result =
            ApplyResult.rejected(
                Rejection.invalid(typeName(env.command()) + " cannot be applied: " + e), index);
      }
      audit(txn, env, result, index);
      txn.commit(term, index);
      return result;
    }
  }

  private ApplyResult commitRejection(CommandEnvelope env, Rejection r, long term, long index) {
    ApplyResult result = ApplyResult.rejected(r, index);
    try (CatalogTxn txn = store.begin()) {
      audit(txn, env, result, index);
      txn.commit(term, index);
    }
    return result;
  }

  private static void audit(CatalogTxn txn, CommandEnvelope env, ApplyResult r, long index) {
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
    txn.put(Table.AUDIT, Keys.key().num(at.toEpochMilli()).num(index).build(), entry);
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

  /** Decodes a result message sent back through Raft. */
  public static ApplyResult decodeResult(byte[] bytes) throws IOException {
    return JSON.readValue(bytes, ApplyResult.class);
  }

  /** Encodes a result for the Raft reply. */
  public static byte[] encodeResult(ApplyResult r) {
    try {
      return JSON.writeValueAsBytes(r);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode apply result", e);
    }
  }

  /** Encodes an envelope for the Raft log. */
  public static byte[] encode(CommandEnvelope env) {
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
