package io.zkdr.controller.service;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.controller.catalog.Keys;
import io.zkdr.controller.catalog.Table;
import io.zkdr.controller.command.ApplyResult;
import io.zkdr.controller.command.Command;
import io.zkdr.controller.command.RejectionCode;
import io.zkdr.model.Ensemble;
import io.zkdr.model.IncrementalMode;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.Policy;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns policy cron schedules into jobs. For each schedule it looks at the newest cron time at or
 * before now; if the catalog has not recorded that tick yet it submits one {@link
 * Command.ScheduleTick}, which records the tick and creates the job atomically. A leader that took
 * over after several missed ticks therefore runs the schedule once, for the newest one, and a tick
 * that an earlier leader already ran is refused by the catalog.
 */
final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  static final String FULL = "full";
  static final String INCREMENTAL = "incremental";
  static final String DRILL = "drill";

  private final Supplier<CatalogStore> stores;
  private CatalogStore store;
  private final CommandSubmitter submitter;
  private final Clock clock;

  Scheduler(Supplier<CatalogStore> stores, CommandSubmitter submitter, Clock clock) {
    this.stores = stores;
    this.submitter = submitter;
    this.clock = clock;
  }

  /** One pass over every ensemble with a policy. */
  void tick() throws InterruptedException {
    store = stores.get();
    Instant now = clock.instant();
    List<Ensemble> ensembles = new ArrayList<>();
    store.scan(
        Table.ENSEMBLES,
        null,
        null,
        false,
        (k, v) -> {
          ensembles.add(decode(v, Ensemble.class));
          return true;
        });
    for (Ensemble e : ensembles) {
      if (e.spec().policy() == null) {
        continue;
      }
      Policy p = store.get(Table.POLICIES, Keys.utf8(e.spec().policy()), Policy.class);
      if (p == null) {
        continue;
      }
      schedule(e, FULL, p.spec().fullBackupCron(), JobKind.CAPTURE_FULL, now);
      if (p.spec().incrementalMode() == IncrementalMode.CRON) {
        schedule(e, INCREMENTAL, p.spec().incrementalCron(), JobKind.SHIP_LOG, now);
      }
      schedule(e, DRILL, p.spec().drillCron(), JobKind.DRILL_STEP, now);
    }
  }

  private void schedule(Ensemble e, String name, String cron, JobKind kind, Instant now)
      throws InterruptedException {
    if (cron == null) {
      return;
    }
    Optional<ZonedDateTime> last =
        ExecutionTime.forCron(CRON.parse(cron)).lastExecution(now.atZone(ZoneOffset.UTC));
    if (last.isEmpty()) {
      return;
    }
    Instant tick = last.get().toInstant();
    if (recordedTick(e.name(), name) >= tick.toEpochMilli()) {
      return;
    }
    String jobId = e.name() + "-" + name + "-" + tick.toEpochMilli();
    JobSpec spec =
        new JobSpec(
            kind, e.name(), e.status().activeRegion(), null, Map.of("tick", tick.toString()), 3);
    ApplyResult r = submitter.submit(new Command.ScheduleTick(e.name(), name, tick, jobId, spec));
    if (r.ok()) {
      LOG.info("scheduled {} for {} at tick {}", kind, e.name(), tick);
    } else if (r.code() != RejectionCode.CONFLICT && r.code() != RejectionCode.ALREADY_EXISTS) {
      LOG.warn("schedule {} of {} refused: {}", name, e.name(), r.message());
    }
  }

  private long recordedTick(String ensemble, String schedule) {
    byte[] v = store.getRaw(Table.SCHEDULE_TICKS, Keys.key().str(ensemble).last(schedule).build());
    return v == null ? Long.MIN_VALUE : ByteBuffer.wrap(v).getLong();
  }

  static <T> T decode(byte[] v, Class<T> type) {
    try {
      return io.zkdr.json.JsonMapperFactory.shared().readValue(v, type);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("corrupt " + type.getSimpleName() + " in catalog", e);
    }
  }
}
