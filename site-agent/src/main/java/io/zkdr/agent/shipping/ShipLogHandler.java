package io.zkdr.agent.shipping;

import io.zkdr.agent.SiteServices;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.ShippingConfig;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobFailedException;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.model.Ensemble;
import io.zkdr.model.JobKind;
import io.zkdr.model.Policy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SHIP_LOG}: ships the ensemble's transaction log continuously into the home region's store
 * and the policy's {@code replicateTo} regions' stores, resuming after the last catalogued zxid.
 * Runs until the agent stops (interrupt) or the lease is lost; never completes on its own.
 */
public final class ShipLogHandler implements JobHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ShipLogHandler.class);

  /** How often the ensemble's policy is read again for its {@code replicateTo}. */
  static final long POLICY_REFRESH_NANOS = 30_000_000_000L;

  private final Clock clock;

  public ShipLogHandler() {
    this(Clock.systemUTC());
  }

  public ShipLogHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public JobKind kind() {
    return JobKind.SHIP_LOG;
  }

  @Override
  public boolean longRunning() {
    return true;
  }

  @Override
  public Map<String, String> run(JobContext ctx) throws JobFailedException, InterruptedException {
    SiteServices site = ctx.site();
    String name = ctx.job().spec().ensemble();
    EnsembleConfig local = site.config().ensemble(name);
    if (local == null || local.members().isEmpty()) {
      throw JobFailedException.permanent(
          "agent " + site.catalog().agentId() + " manages no member of ensemble " + name);
    }
    Ensemble ensemble =
        site.catalog()
            .ensemble(name)
            .orElseThrow(
                () -> JobFailedException.permanent("ensemble " + name + " is not in the catalog"));
    String home = ensemble.spec().homeRegion();
    if (!site.stores().regions().contains(home)) {
      throw JobFailedException.permanent(
          "no store configured for " + name + "'s home region " + home);
    }
    PolicyView policy = new PolicyView(site, ensemble);
    ShippingCursor cursor = awaitCursor(ctx, name, home);
    ShippingMetrics metrics = new ShippingMetrics(site.registry(), name, clock);
    IncrementPublisher publisher =
        new IncrementPublisher(name, site.stores(), site.catalog(), metrics, clock);
    ShippingConfig shipping =
        site.config().shipping() == null ? ShippingConfig.defaults() : site.config().shipping();
    LogShipper shipper =
        new LogShipper(
            name,
            local.members(),
            shipping,
            publisher,
            metrics,
            policy::destinations,
            ctx::progress);
    shipper.run(cursor);
    throw new IllegalStateException("unreachable: shipping returns only by an exception");
  }

  /** The resume point; waits (renewing the lease) until the ensemble has a backup to build on. */
  private static ShippingCursor awaitCursor(JobContext ctx, String ensemble, String home)
      throws InterruptedException {
    long lastReport = 0;
    while (true) {
      Optional<ShippingCursor> c = ShippingCursor.resume(ctx.site().catalog(), ensemble, home);
      if (c.isPresent()) {
        return c.get();
      }
      long now = System.nanoTime();
      if (now - lastReport > LogShipper.PROGRESS_EVERY_NANOS) {
        ctx.progress("waiting for a full backup of " + ensemble + " in " + home + " to ship after");
        lastReport = now;
      }
      Thread.sleep(1000);
    }
  }

  /** The policy's destinations, read again every {@link #POLICY_REFRESH_NANOS}. */
  private static final class PolicyView {
    private final SiteServices site;
    private final Ensemble ensemble;
    private LogShipper.Destinations current;
    private long readAt;

    PolicyView(SiteServices site, Ensemble ensemble) {
      this.site = site;
      this.ensemble = ensemble;
    }

    LogShipper.Destinations destinations() {
      long now = System.nanoTime();
      if (current == null || now - readAt > POLICY_REFRESH_NANOS) {
        readAt = now;
        try {
          current = read();
        } catch (RuntimeException e) {
          LOG.warn(
              "cannot read the policy of {}; keeping {}: {}",
              ensemble.name(),
              current,
              e.toString());
          if (current == null) {
            current = new LogShipper.Destinations(ensemble.spec().homeRegion(), List.of());
          }
        }
      }
      return current;
    }

    private LogShipper.Destinations read() {
      String home = ensemble.spec().homeRegion();
      List<String> replicas = new ArrayList<>();
      String policyName = ensemble.spec().policy();
      Optional<Policy> policy =
          policyName == null ? Optional.empty() : site.catalog().policy(policyName);
      for (String r : policy.map(p -> p.spec().replicateTo()).orElse(List.of())) {
        if (r.equals(home) || replicas.contains(r)) {
          continue;
        }
        if (!site.stores().regions().contains(r)) {
          LOG.warn(
              "policy {} replicates {} to {}, but this agent has no store for it",
              policyName,
              ensemble.name(),
              r);
          continue;
        }
        replicas.add(r);
      }
      return new LogShipper.Destinations(home, replicas);
    }
  }
}
