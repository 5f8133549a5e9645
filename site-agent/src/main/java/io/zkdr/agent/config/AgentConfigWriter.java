package io.zkdr.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AgentConfig} as the YAML file {@link AgentConfigLoader} reads, so that programs
 * that start agents (tests, benchmarks) describe them with the config records instead of text.
 */
public final class AgentConfigWriter {
  private AgentConfigWriter() {}

  /** {@code c} as YAML. */
  public static String toYaml(AgentConfig c) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("agentId", c.agentId());
    root.put("site", c.site());
    root.put("region", c.region());
    root.put("controllers", c.controllers().stream().map(Object::toString).toList());
    root.put("http", Map.of("host", c.httpHost(), "port", c.httpPort()));
    root.put("workDir", c.workDir().toString());
    Map<String, Object> stores = new LinkedHashMap<>();
    c.stores()
        .forEach(
            (region, uri) -> {
              Map<String, Object> s = new LinkedHashMap<>();
              s.put("uri", uri.toString());
              Map<String, String> options = c.storeOptions().get(region);
              if (options != null && !options.isEmpty()) {
                s.put("options", options);
              }
              stores.put(region, s);
            });
    root.put("stores", stores);
    List<Object> ensembles = new ArrayList<>();
    for (EnsembleConfig e : c.ensembles()) {
      List<Object> members = new ArrayList<>();
      for (MemberConfig m : e.members()) {
        members.add(member(m));
      }
      ensembles.add(Map.of("name", e.name(), "members", members));
    }
    root.put("ensembles", ensembles);
    root.put(
        "shipping",
        Map.of(
            "segmentIntervalMs", c.shipping().segmentInterval().toMillis(),
            "segmentMaxTxns", c.shipping().segmentMaxTxns(),
            "pollIntervalMs", c.shipping().pollInterval().toMillis(),
            "gapGraceMs", c.shipping().gapGrace().toMillis()));
    root.put("heartbeatIntervalMs", c.heartbeatInterval().toMillis());
    root.put("leaseWaitMs", c.leaseWait().toMillis());
    root.put("maxConcurrentJobs", c.maxConcurrentJobs());
    try {
      return JsonMapperFactory.newYamlMapper().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the config of agent " + c.agentId(), e);
    }
  }

  /** Writes {@code c} to {@code file}; returns the file. */
  public static Path write(AgentConfig c, Path file) throws IOException {
    return Files.writeString(file, toYaml(c));
  }

  private static Map<String, Object> member(MemberConfig m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("myid", m.myid());
    out.put("host", m.host());
    out.put("clientPort", m.clientPort());
    out.put("quorumPort", m.quorumPort());
    out.put("electionPort", m.electionPort());
    out.put("adminPort", m.adminPort());
    out.put("dataDir", m.dataDir().toString());
    out.put("dataLogDir", m.dataLogDir().toString());
    MemberControlConfig control = m.control();
    Map<String, Object> ctl = new LinkedHashMap<>();
    ctl.put("mode", control.mode().name().toLowerCase(java.util.Locale.ROOT));
    if (control.mode() == MemberControlConfig.Mode.EXTERNAL) {
      ctl.put("start", control.startCommand());
      ctl.put("stop", control.stopCommand());
    }
    if (control.timeout() != null) {
      ctl.put("timeoutSeconds", control.timeout().toSeconds());
    }
    out.put("control", ctl);
    return out;
  }
}
