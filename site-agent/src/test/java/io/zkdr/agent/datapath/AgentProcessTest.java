package io.zkdr.agent.datapath;

import static io.zkdr.agent.testing.AgentTestBed.EAST;
import static io.zkdr.agent.testing.AgentTestBed.EAST_SITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkdr.agent.config.MemberConfig;
import io.zkdr.agent.member.ManagedMemberControl;
import io.zkdr.agent.member.MemberControl;
import io.zkdr.agent.testing.AgentTestBed;
import io.zkdr.model.Job;
import io.zkdr.model.JobKind;
import io.zkdr.model.JobState;
import io.zkdr.zk.admin.FourLetterWords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The us-east agent as a real {@code AgentMain} process from its YAML file: it starts its members
 * and captures; killed with SIGKILL, its members keep serving, and the next agent adopts them
 * instead of starting them twice.
 */
class AgentProcessTest {

  private static List<Path> pidFiles(AgentTestBed bed) {
    List<Path> out = new ArrayList<>();
    for (MemberConfig m : bed.eastConfig().ensembles().get(0).members()) {
      out.add(
          bed.eastConfig()
              .workDir()
              .resolve("members")
              .resolve(AgentTestBed.ENSEMBLE)
              .resolve(String.valueOf(m.myid()))
              .resolve("server.pid"));
    }
    return out;
  }

  private static void killOrphans(List<Path> pidFiles) {
    for (Path p : pidFiles) {
      try {
        ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
            .ifPresent(ProcessHandle::destroyForcibly);
      } catch (Exception e) {
        // not started
      }
    }
  }

  @Test
  void aKilledAgentProcessLeavesItsMembersServingAndTheNextAgentAdoptsThem() throws Exception {
    try (AgentTestBed bed = AgentTestBed.start("agent-process", Duration.ofSeconds(6))) {
      bed.stopEast();
      List<Path> pidFiles = pidFiles(bed);
      Thread reaper = new Thread(() -> killOrphans(pidFiles));
      Runtime.getRuntime().addShutdownHook(reaper);
      Process agent = AgentTestBed.launchAgentProcess(bed.eastConfig());
      try {
        bed.createJob("cap-proc", JobKind.CAPTURE_FULL, EAST, EAST_SITE, Map.of());
        Job done =
            bed.awaitJob("cap-proc", Duration.ofSeconds(120), JobState.SUCCEEDED, JobState.FAILED);
        assertEquals(JobState.SUCCEEDED, done.status().state(), done.status().message());
        List<Long> pids = new ArrayList<>();
        for (Path p : pidFiles) {
          pids.add(Long.parseLong(Files.readString(p).trim()));
        }

        agent.destroyForcibly(); // SIGKILL: no shutdown hook, the members are orphaned
        agent.waitFor();
        for (MemberConfig m : bed.eastConfig().ensembles().get(0).members()) {
          assertTrue(
              FourLetterWords.srvr(m.host(), m.clientPort(), Duration.ofSeconds(2)).serving(),
              "member " + m.myid() + " serves after the agent was killed");
        }

        bed.startEast(List.of());
        for (int myid = 1; myid <= 3; myid++) {
          MemberControl c = bed.east().services().member(AgentTestBed.ENSEMBLE, myid);
          assertEquals(pids.get(myid - 1), ((ManagedMemberControl) c).pid(), "adopted");
        }
        bed.createJob("cap-after", JobKind.CAPTURE_FULL, EAST, EAST_SITE, Map.of());
        Job after =
            bed.awaitJob("cap-after", Duration.ofSeconds(120), JobState.SUCCEEDED, JobState.FAILED);
        assertEquals(JobState.SUCCEEDED, after.status().state(), after.status().message());
        assertEquals("cap-after", after.status().result().get("backupId"));
      } finally {
        agent.destroyForcibly();
        bed.stopEast();
        killOrphans(pidFiles);
        Runtime.getRuntime().removeShutdownHook(reaper);
      }
    }
  }
}
