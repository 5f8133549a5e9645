package io.zkdr.agent.datapath;

import static io.zkdr.agent.testing.AgentTestBed.EAST;
import static io.zkdr.agent.testing.AgentTestBed.EAST_SITE;
import static io.zkdr.agent.testing.AgentTestBed.ENSEMBLE;
import static io.zkdr.agent.testing.AgentTestBed.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.agent.Agent;
import io.zkdr.agent.catalog.BackupRecords;
import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.job.JobContext;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.store.ArtifactLocations;
import io.zkdr.agent.testing.AgentTestBed;
import io.zkdr.artifact.ArtifactKeys;
import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.artifact.ArtifactWriter;
import io.zkdr.backup.CaptureRequest;
import io.zkdr.backup.IncrementalCapture;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import io.zkdr.model.VerificationResult;
import io.zkdr.store.BlobStore;
import io.zkdr.testing.Workload;
import io.zkdr.testing.ZkClients;
import io.zkdr.zk.Zxid;
import io.zkdr.zk.datadir.ZkDataDir;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Capture, replication, verification (with a test restore) and pruning of a live 3-member ensemble
 * under a write load, through real controllers and two real agents; a corrupt copy; an agent killed
 * in the middle of a capture.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPathTest {
  private static final Duration JOB_LEASE = Duration.ofSeconds(6);
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
  private static AgentTestBed bed;
  private static ZooKeeper zk;
  private static ZooKeeper ephemerals;
  private static Thread load;
  private static volatile boolean loadStop;

  @BeforeAll
  static void start() throws Exception {
    bed = AgentTestBed.start("datapath", JOB_LEASE);
    zk = ZkClients.connect(bed.connectString(), Duration.ofSeconds(60));
    ephemerals = ZkClients.connect(bed.connectString(), Duration.ofSeconds(60));
    Workload workload = new Workload(zk, ephemerals, 42);
    load =
        new Thread(
            () -> {
              try {
                while (!loadStop) {
                  workload.run(20);
                  Thread.sleep(5);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "write-load");
    load.start();
    Thread.sleep(2000);
  }

  @AfterAll
  static void stop() throws Exception {
    stopLoad();
    if (bed != null) {
      bed.close();
    }
  }

  private static void stopLoad() throws InterruptedException {
    loadStop = true;
    if (load != null) {
      load.join(10_000);
    }
    if (zk != null) {
      zk.close();
      ephemerals.close();
      zk = null;
    }
  }

  private static String prefix(String backupId) {
    return ArtifactLocations.prefix(ENSEMBLE, backupId);
  }

  private static BlobStore store(Agent agent, String region) {
    return agent.services().stores().store(region);
  }

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }

  @Test
  @Order(1)
  void captureReplicateVerifyAndPruneUnderLoad() throws Exception {
    bed.createJob("cap-1", JobKind.CAPTURE_FULL, EAST, EAST_SITE, Map.of());
    Job cap = bed.awaitJob("cap-1", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, cap.status().state(), cap.status().message());
    assertEquals("cap-1", cap.status().result().get("backupId"));
    long toZxid = Zxid.parse(cap.status().result().get("toZxid"));
    assertTrue(toZxid > 0);

    ArtifactManifest east = ArtifactReader.readManifest(store(bed.east(), EAST), prefix("cap-1"));
    Backup b = bed.catalog().backup("cap-1").orElseThrow();
    assertEquals(BackupKind.FULL, b.kind());
    assertEquals(toZxid, b.toZxid());
    assertEquals(east.dataSha256(), b.copies().get(EAST).checksum());
    assertEquals(
        ArtifactLocations.copyUri(bed.eastConfig().stores().get(EAST), prefix("cap-1")),
        b.copies().get(EAST).uri());
    assertTrue(east.txnCount() > 100, "captured " + east.txnCount() + " txns after the snapshot");

    bed.createJob("rep-1", JobKind.REPLICATE, WEST, null, Map.of("backupId", "cap-1"));
    Job rep = bed.awaitJob("rep-1", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, rep.status().state(), rep.status().message());
    assertEquals(east.dataSha256(), rep.status().result().get("checksum"));
    b = bed.catalog().backup("cap-1").orElseThrow();
    assertEquals(java.util.Set.of(EAST, WEST), b.copies().keySet());
    assertEquals(b.copies().get(EAST).checksum(), b.copies().get(WEST).checksum());
    Path westData = bed.storeDir(WEST).resolve(ArtifactKeys.data(prefix("cap-1")));
    assertTrue(Files.size(westData) > 0);

    bed.createJob(
        "ver-1",
        JobKind.VERIFY,
        WEST,
        null,
        Map.of("backupId", "cap-1", "region", WEST, "testRestore", "true"));
    Job ver = bed.awaitJob("ver-1", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, ver.status().state(), ver.status().message());
    assertEquals("true", ver.status().result().get("passed"));
    assertTrue(ver.status().result().get("detail").contains("test restore"), ver.toString());
    b = bed.catalog().backup("cap-1").orElseThrow();
    VerificationResult passed = b.verifications().get(b.verifications().size() - 1);
    assertTrue(passed.passed(), passed.detail());
    assertEquals(WEST, passed.region());

    // a damaged copy: one byte in the middle of eu-west's data file
    try (RandomAccessFile f = new RandomAccessFile(westData.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int v = f.read();
      f.seek(at);
      f.write(v ^ 0x5a);
    }
    bed.createJob("ver-2", JobKind.VERIFY, WEST, null, Map.of("backupId", "cap-1"));
    Job bad = bed.awaitJob("ver-2", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.FAILED, bad.status().state());
    assertEquals(1, bad.status().attempts(), "a failed verification is not retried");
    b = bed.catalog().backup("cap-1").orElseThrow();
    VerificationResult failed = b.verifications().get(b.verifications().size() - 1);
    assertFalse(failed.passed());
    assertEquals(WEST, failed.region());

    bed.createJob(
        "prune-cap-1-eu-west",
        JobKind.PRUNE,
        WEST,
        null,
        Map.of("backupId", "cap-1", "region", WEST));
    Job pruned =
        bed.awaitJob("prune-cap-1-eu-west", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, pruned.status().state(), pruned.status().message());
    assertFalse(Files.exists(westData));
    assertFalse(Files.exists(bed.storeDir(WEST).resolve(ArtifactKeys.manifest(prefix("cap-1")))));
    b = bed.catalog().backup("cap-1").orElseThrow();
    assertEquals(List.of(EAST), List.copyOf(b.copies().keySet()));

    String eastMetrics = get(bed.east().httpPort(), "/metrics");
    assertTrue(
        eastMetrics.contains(
            "zkdr_artifact_bytes_total{ensemble=\"payments-zk\",op=\"capture\",region=\"us-east\"}"),
        eastMetrics);
    assertTrue(eastMetrics.contains("zkdr_zk_member_up{ensemble=\"payments-zk\",member=\"1\""));
    assertTrue(eastMetrics.contains("zkdr_zk_member_disk_used_ratio{dir=\"datalog\""));
    String westMetrics = get(bed.west().httpPort(), "/metrics");
    assertTrue(westMetrics.contains("op=\"replicate\""), westMetrics);
    assertTrue(
        westMetrics.contains(
            "zkdr_verification_total{ensemble=\"payments-zk\",result=\"failed\"} 1.0"),
        westMetrics);

    JsonNode details =
        bed.catalog().http().get("/v1/agents/" + bed.eastConfig().agentId()).path("health");
    assertEquals("HEALTHY", details.path("status").asText(), details.toString());
    assertTrue(details.path("details").has("member.payments-zk.2.last_zxid"), details.toString());
    assertNotEquals("none", details.path("details").path("ensemble.payments-zk.leader").asText());
  }

  @Test
  @Order(2)
  void anIncrementIsVerifiedByRestoringItsChainFromTheFull() throws Exception {
    Backup full = bed.catalog().backup("cap-1").orElseThrow();
    Thread.sleep(1000); // more txns under the load
    MemberConfig m = bed.eastConfig().ensembles().get(0).member(1);
    BlobStore east = store(bed.east(), EAST);
    ArtifactManifest inc =
        IncrementalCapture.capture(
            new ZkDataDir(m.dataDir(), m.dataLogDir()),
            CaptureRequest.incremental("inc-1", ENSEMBLE, "1@" + m.host(), full.toZxid(), -1),
            east,
            prefix("inc-1"),
            ArtifactWriter.Options.defaults());
    assertTrue(inc.txnCount() > 0);
    bed.catalog()
        .putBackup(
            BackupRecords.of(
                inc,
                "cap-1",
                new BackupCopy(
                    EAST,
                    ArtifactLocations.copyUri(bed.eastConfig().stores().get(EAST), prefix("inc-1")),
                    inc.dataSha256(),
                    null)));
    bed.createJob(
        "ver-inc",
        JobKind.VERIFY,
        EAST,
        null,
        Map.of("backupId", "inc-1", "region", EAST, "testRestore", "true"));
    Job ver = bed.awaitJob("ver-inc", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, ver.status().state(), ver.status().message());
    String detail = ver.status().result().get("detail");
    assertTrue(detail.contains("chain of 2 artifact(s)"), detail);
    assertTrue(detail.contains("test restore to " + Zxid.hex(inc.toZxid()) + " matched"), detail);
    Backup b = bed.catalog().backup("inc-1").orElseThrow();
    assertTrue(b.verifications().get(b.verifications().size() - 1).passed());
    assertTrue(b.copies().get(EAST).verifiedAt() != null, "a pass stamps the copy");
  }

  /** Writes part of a data file at the job's prefix, then waits to be killed. */
  static final class StallingCapture implements JobHandler {
    final CountDownLatch partialWritten = new CountDownLatch(1);

    @Override
    public JobKind kind() {
      return JobKind.CAPTURE_FULL;
    }

    @Override
    public Map<String, String> run(JobContext ctx) throws InterruptedException {
      String prefix = prefix(ctx.job().id());
      try (BlobStore.BlobUpload up =
          ctx.site().stores().store(EAST).create(ArtifactKeys.data(prefix))) {
        OutputStream out = up.stream();
        out.write(new byte[64 * 1024]);
        up.commit();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      partialWritten.countDown();
      Thread.sleep(120_000);
      return Map.of();
    }
  }

  @Test
  @Order(3)
  void anAgentKilledMidCaptureLeavesNoCatalogEntryAndTheRetrySucceeds() throws Exception {
    stopLoad();
    bed.stopEast();
    StallingCapture stalling = new StallingCapture();
    bed.startEast(List.of(stalling));
    bed.createJob("cap-kill", JobKind.CAPTURE_FULL, EAST, EAST_SITE, Map.of());
    assertTrue(stalling.partialWritten.await(60, TimeUnit.SECONDS));
    Path eastDir = bed.storeDir(EAST);
    assertTrue(Files.exists(eastDir.resolve(ArtifactKeys.data(prefix("cap-kill")))));
    bed.stopEast(); // the lease is not given back: it must expire
    assertTrue(bed.catalog().backup("cap-kill").isEmpty());
    assertFalse(Files.exists(eastDir.resolve(ArtifactKeys.manifest(prefix("cap-kill")))));

    bed.startEast(List.of());
    Job done = bed.awaitJob("cap-kill", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, done.status().state(), done.status().message());
    assertEquals(2, done.status().attempts());
    Backup b = bed.catalog().backup("cap-kill").orElseThrow();
    ArtifactManifest m = ArtifactReader.readManifest(store(bed.east(), EAST), prefix("cap-kill"));
    assertEquals(m.dataSha256(), b.copies().get(EAST).checksum());
    try (ArtifactReader r = ArtifactReader.open(store(bed.east(), EAST), prefix("cap-kill"))) {
      assertEquals(m.dataSha256(), r.verifyIntegrity().dataSha256());
    }
  }

  @Test
  @Order(4)
  void retentionPrunesAWholeChainInOneJob() throws Exception {
    Backup full = bed.catalog().backup("cap-1").orElseThrow();
    Backup inc = bed.catalog().backup("inc-1").orElseThrow();
    bed.createJob(
        "prune-cap-1-us-east",
        JobKind.PRUNE,
        EAST,
        null,
        Map.of(
            "backupId",
            "cap-1",
            "region",
            EAST,
            "scope",
            "chain",
            "fromZxid",
            Zxid.hex(full.toZxid()),
            "toZxid",
            Zxid.hex(inc.toZxid())));
    Job pruned =
        bed.awaitJob("prune-cap-1-us-east", JOB_TIMEOUT, JobState.SUCCEEDED, JobState.FAILED);
    assertEquals(JobState.SUCCEEDED, pruned.status().state(), pruned.status().message());
    assertEquals("2", pruned.status().result().get("deleted"));
    Path eastDir = bed.storeDir(EAST);
    for (String id : List.of("cap-1", "inc-1")) {
      assertFalse(Files.exists(eastDir.resolve(ArtifactKeys.data(prefix(id)))), id);
      assertTrue(bed.catalog().backup(id).isEmpty(), id + " had no copy left");
    }
    assertTrue(Files.exists(eastDir.resolve(ArtifactKeys.manifest(prefix("cap-kill")))));
    assertTrue(bed.catalog().backup("cap-kill").isPresent(), "a later chain is untouched");
  }
}
