package io.zkdr.agent.restore;

import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.zk.Zxid;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.zookeeper.common.PathUtils;

/**
 * The parameters of a {@code RESTORE} job (see {@code docs/controller.md} for the contract).
 *
 * @param ensemble the ensemble whose backups are restored
 * @param region the region whose copies are read
 * @param toZxid the target zxid, or -1
 * @param toTime the target time, or null
 * @param subtree the path restored ({@code /} for the whole tree)
 * @param target where the tree goes
 * @param dryRun report what would change and change nothing
 * @param onConflict what a {@code running} restore does with a znode that exists
 * @param connectString a {@code running} restore's ensemble, or null for the ensemble's own
 */
public record RestoreRequest(
    String ensemble,
    String region,
    long toZxid,
    Instant toTime,
    String subtree,
    Target target,
    boolean dryRun,
    OnConflict onConflict,
    String connectString) {

  /** Where a restored tree goes. */
  public enum Target {
    SCRATCH,
    MEMBERS,
    RUNNING
  }

  /** What a running restore does with a znode that already exists. */
  public enum OnConflict {
    FAIL,
    SKIP,
    OVERWRITE
  }

  /** Reads and checks the job's parameters. */
  public static RestoreRequest of(JobContext ctx) throws JobFailedException {
    String jobId = ctx.job().id();
    String ensemble = ctx.job().spec().ensemble();
    // The controller keeps the region a restore moved to the members' site was asked to read.
    String region = ctx.param("sourceRegion", ctx.job().spec().region());
    if (region == null || region.isBlank()) {
      region = ctx.site().config().region();
    }
    long toZxid = -1;
    Instant toTime = null;
    String z = ctx.param("toZxid", null);
    String t = ctx.param("toTime", null);
    if (z != null && t != null) {
      throw bad(jobId, "toZxid and toTime exclude each other");
    }
    try {
      if (z != null) {
        toZxid = Zxid.parse(z);
      }
      if (t != null) {
        toTime = Instant.parse(t);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw bad(jobId, "toZxid must be hex, toTime ISO-8601: " + e.getMessage());
    }
    String subtree = ctx.param("subtree", "/");
    try {
      PathUtils.validatePath(subtree);
    } catch (IllegalArgumentException e) {
      throw bad(jobId, "subtree '" + subtree + "': " + e.getMessage());
    }
    Target target = choice(jobId, "target", ctx.param("target", "scratch"), Target.class);
    OnConflict onConflict =
        choice(jobId, "onConflict", ctx.param("onConflict", "fail"), OnConflict.class);
    String dry = ctx.param("dryRun", "false");
    if (!dry.equals("true") && !dry.equals("false")) {
      throw bad(jobId, "dryRun must be true or false, got '" + dry + "'");
    }
    if (target == Target.MEMBERS && !subtree.equals("/")) {
      throw bad(
          jobId, "target members restores the whole tree; restore a subtree with target running");
    }
    return new RestoreRequest(
        ensemble,
        region,
        toZxid,
        toTime,
        subtree,
        target,
        dry.equals("true"),
        onConflict,
        ctx.param("connectString", null));
  }

  private static <E extends Enum<E>> E choice(
      String jobId, String name, String value, Class<E> type) throws JobFailedException {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw bad(
        jobId,
        name + " '" + value + "' is not one of " + java.util.List.of(type.getEnumConstants()));
  }

  private static JobFailedException bad(String jobId, String message) {
    return JobFailedException.permanent("restore job " + jobId + ": " + message);
  }

  /** The target for messages: a zxid, a time or the latest point. */
  public String describeTarget() {
    return toZxid >= 0 ? Zxid.hex(toZxid) : toTime != null ? toTime.toString() : "the latest point";
  }
}
