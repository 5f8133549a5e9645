package io.zkdr.agent.shipping;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zkdr.agent.SiteServices;
import io.zkdr.agent.catalog.CatalogClient;
import io.zkdr.agent.config.AgentConfig;
import io.zkdr.agent.config.EnsembleConfig;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.config.MemberControlConfig;
import io.zkdr.agent.config.ShippingConfig;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.member.MemberControl;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.agent.store.RegionStores;
import io.zkdr.artifact.ArtifactCopier;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.backup.CaptureRequest;
import io.zkdr.backup.FullBackupCapture;
import io.zkdr.client.ControllerHttp;
import io.zkdr.controller.testing.ControllerCluster;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobSpec;
import io.zkdr.model.JobState;
import io.zkdr.model.JobStatus;
import io.zkdr.testing.TestDirs;
import io.zkdr.testing.ZkTestQuorum;
import io.zkdr.zk.datadir.ZkDataDir;
import io.zkdr.zk.server.ZkMember;
import io.zkdr.zk.server.ZkServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One site for agent tests: three real controllers, a real 3-member ZooKeeper quorum (child
 * processes, small snapshots so logs roll), file stores for {@code us-east} (home) and {@code
 * eu-west}, the catalog entries (regions, policy replicating to eu-west, ensemble) and the {@link
 * SiteServices} a handler runs with. {@link #close()} stops everything.
 */
public final class TestSite implements AutoCloseable {
  public static final String HOME = "us-east";
  public static final String STANDBY = "eu-west";

  public final String ensemble;
  public final ControllerCluster controllers;
  public final ZkTestQuorum quorum;
  public final CatalogClient catalog;
  public final SiteServices services;
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final Path workDir;

  private TestSite(String ensemble, ControllerCluster controllers, ZkTestQuorum quorum, Path dir)
      throws IOException {
    this.ensemble = ensemble;
    this.controllers = controllers;
    this.quorum = quorum;
    this.workDir = dir.resolve("work");
    ControllerHttp http =
        new ControllerHttp(
            List.of(URI.create(controllers.url(0)), URI.create(controllers.url(1))),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            "agent-test");
    this.catalog = new CatalogClient(http, "test-agent");
    Map<String, URI> stores = new LinkedHashMap<>();
    stores.put(HOME, dir.resolve("store-" + HOME).toUri());
    stores.put(STANDBY, dir.resolve("store-" + STANDBY).toUri());
    List<MemberConfig> members = new ArrayList<>();
    Map<Integer, MemberControl> controls = new HashMap<>();
    for (ZkMember m : quorum.members()) {
      MemberConfig mc =
          new MemberConfig(
              m.myid(),
              m.host(),
              m.clientPort(),
              m.quorumPort(),
              m.electionPort(),
              0,
              m.dataDir(),
              m.dataLogDir(),
              new MemberControlConfig(
                  MemberControlConfig.Mode.MANAGED, null, null, Duration.ofSeconds(60)));
      members.add(mc);
      controls.put(m.myid(), new ProcessControl(mc, quorum.server(m.myid())));
    }
    AgentConfig config =
        new AgentConfig(
            "test-agent",
            "site-a",
            HOME,
            List.of(URI.create(controllers.url(0))),
            "127.0.0.1",
            0,
            workDir,
            stores,
            Map.of(),
            List.of(new EnsembleConfig(ensemble, members)),
            new ShippingConfig(
                Duration.ofMillis(300), 500, Duration.ofMillis(50), Duration.ofMinutes(2)),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            2);
    this.services =
        new SiteServices(
            config,
            catalog,
            new RegionStores(stores, Map.of()),
            Map.of(ensemble, controls),
            registry,
            "test");
  }

  /** Starts the controllers and the quorum and writes the catalog entries. */
  public static TestSite start(String name) throws Exception {
    Path dir = TestDirs.create(name);
    ControllerCluster controllers = ControllerCluster.start(name);
    ZkTestQuorum quorum = null;
    try {
      controllers.awaitLeader(Duration.ofSeconds(30));
      quorum = ZkTestQuorum.start(name, 3, ZkTestQuorum.TEST_SETTINGS.withSnapCount(400));
      TestSite site = new TestSite(name + "-zk", controllers, quorum, dir);
      site.register();
      return site;
    } catch (Exception | Error e) {
      if (quorum != null) {
        quorum.close();
      }
      controllers.close();
      throw e;
    }
  }

  private void register() {
    ControllerHttp http = catalog.http();
    http.put("/v1/regions/" + HOME, Map.of());
    http.put("/v1/regions/" + STANDBY, Map.of());
    http.put(
        "/v1/policies/" + ensemble + "-policy",
        Map.of(
            "fullBackupCron", "0 0 1 1 *",
            "incrementalMode", "NONE",
            "replicateTo", List.of(STANDBY)));
    List<Map<String, Object>> members = new ArrayList<>();
    for (ZkMember m : quorum.members()) {
      members.add(
          Map.of(
              "myid", m.myid(),
              "host", m.host(),
              "clientPort", m.clientPort(),
              "quorumPort", m.quorumPort(),
              "electionPort", m.electionPort(),
              "role", "PARTICIPANT",
              "site", "site-a"));
    }
    http.put(
        "/v1/ensembles/" + ensemble,
        Map.of(
            "members",
            members,
            "homeRegion",
            HOME,
            "standbyRegions",
            List.of(STANDBY),
            "policy",
            ensemble + "-policy"));
  }

  /** Captures a FULL backup from member {@code myid} into both regions and records it. */
  public Backup captureFull(String id, int myid) throws IOException {
    ZkMember m = quorum.server(myid).member();
    String prefix = ArtifactLocations.prefix(ensemble, id);
    ArtifactManifest manifest =
        FullBackupCapture.capture(
            new ZkDataDir(m.dataDir(), m.dataLogDir()),
            CaptureRequest.full(id, ensemble, m.myid() + "@" + m.host(), -1),
            services.stores().store(HOME),
            prefix,
            ArtifactWriter.Options.defaults().withThreads(1));
    ArtifactCopier.copy(
        services.stores().store(HOME), prefix, services.stores().store(STANDBY), prefix);
    Map<String, BackupCopy> copies = new LinkedHashMap<>();
    for (String r : List.of(HOME, STANDBY)) {
      copies.put(
          r,
          new BackupCopy(
              r,
              ArtifactLocations.copyUri(services.stores().uri(r), prefix),
              manifest.dataSha256(),
              Instant.now()));
    }
    return catalog.putBackup(
        new Backup(
            id,
            ensemble,
            BackupKind.FULL,
            manifest.toZxid(),
            manifest.toZxid(),
            manifest.createdAt(),
            null,
            manifest.dataLength(),
            prefix,
            null,
            copies,
            List.of()));
  }

  /** Every backup of the ensemble, by toZxid. */
  public List<Backup> backups() {
    return catalog.backupsByZxid(ensemble, 0, Long.MAX_VALUE);
  }

  /** A context for one job run in the test: progress is recorded, the lease never lost. */
  public Context context(JobKind kind, String region, Map<String, String> params) {
    Job job =
        new Job(
            kind.name().toLowerCase() + "-" + System.nanoTime(),
            Instant.now(),
            new JobSpec(kind, ensemble, region, "site-a", params, 3),
            new JobStatus(JobState.LEASED, 1, "test-agent", null, null, null, null, null, null));
    return new Context(job, services);
  }

  /** The test's {@link JobContext}. */
  public static final class Context implements JobContext {
    private final Job job;
    private final SiteServices services;
    public final List<String> progress = new CopyOnWriteArrayList<>();

    /** When set, the progress report with this index (from 0) finds the lease lost. */
    public volatile int loseLeaseAt = -1;

    Context(Job job, SiteServices services) {
      this.job = job;
      this.services = services;
    }

    @Override
    public Job job() {
      return job;
    }

    @Override
    public int attempt() {
      return 1;
    }

    @Override
    public void progress(String text) {
      if (progress.size() == loseLeaseAt) {
        throw new io.zkdr.agent.catalog.LeaseLostException(job.id(), 1, "re-leased (test)");
      }
      progress.add(text);
    }

    @Override
    public SiteServices site() {
      return services;
    }
  }

  /** The test's control of member {@code myid}. */
  public ProcessControl control(int myid) {
    return (ProcessControl) services.member(ensemble, myid);
  }

  /** Member control over the quorum's child processes; can be told to fail starts. */
  public static final class ProcessControl implements MemberControl {
    private final MemberConfig member;
    private final ZkServerProcess server;
    private final java.util.concurrent.atomic.AtomicInteger failStarts =
        new java.util.concurrent.atomic.AtomicInteger();
    public final java.util.concurrent.atomic.AtomicInteger stops =
        new java.util.concurrent.atomic.AtomicInteger();

    /** The next {@code n} starts fail as a server that will not start would. */
    public void failNextStarts(int n) {
      failStarts.set(n);
    }

    ProcessControl(MemberConfig member, ZkServerProcess server) {
      this.member = member;
      this.server = server;
    }

    @Override
    public MemberConfig member() {
      return member;
    }

    @Override
    public void start() throws IOException {
      if (failStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IOException("member " + member.myid() + " will not start (test)");
      }
      if (!server.isAlive()) {
        server.start();
      }
    }

    @Override
    public void stop(Duration grace) throws InterruptedException {
      stops.incrementAndGet();
      server.stop(grace);
    }

    @Override
    public boolean isRunning() {
      return server.isAlive();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @Override
  public void close() {
    try {
      services.stores().close();
    } finally {
      try {
        quorum.close();
      } finally {
        controllers.close();
      }
    }
  }
}
