package io.zkdr.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the agent's YAML file (see {@code docs/site-agent.md}). Unknown keys are
 * errors, and every error names the key path at fault, e.g. {@code
 * ensembles[0].members[1].clientPort: expected 1..65535}.
 */
public final class AgentConfigLoader {
  private static final Set<String> TOP =
      Set.of(
          "agentId",
          "site",
          "region",
          "controllers",
          "http",
          "workDir",
          "stores",
          "ensembles",
          "shipping",
          "heartbeatIntervalMs",
          "leaseWaitMs",
          "maxConcurrentJobs");
  private static final Set<String> HTTP = Set.of("host", "port");
  private static final Set<String> STORE = Set.of("uri", "options");
  private static final Set<String> ENSEMBLE = Set.of("name", "members");
  private static final Set<String> MEMBER =
      Set.of(
          "myid",
          "host",
          "clientPort",
          "quorumPort",
          "electionPort",
          "adminPort",
          "dataDir",
          "dataLogDir",
          "control");
  private static final Set<String> CONTROL = Set.of("mode", "start", "stop", "timeoutSeconds");
  private static final Set<String> SHIPPING =
      Set.of("segmentIntervalMs", "segmentMaxTxns", "pollIntervalMs", "gapGraceMs");

  private AgentConfigLoader() {}

  /** Loads and validates {@code file}. */
  public static AgentConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new AgentConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text);
  }

  /** Parses and validates YAML text. */
  public static AgentConfig parse(String yaml) {
    ObjectMapper mapper = JsonMapperFactory.newYamlMapper();
    JsonNode root;
    try {
      root = mapper.readTree(yaml);
    } catch (IOException e) {
      throw new AgentConfigException("(file)", "not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new AgentConfigException("(root)", "expected a mapping of keys");
    }
    checkKeys(root, "", TOP);
    String site = name(root, "site", "site");
    String region = name(root, "region", "region");
    String agentId =
        root.hasNonNull("agentId") ? name(root, "agentId", "agentId") : site + "-agent";
    List<URI> controllers = controllers(root.get("controllers"));

    String httpHost = "0.0.0.0";
    int httpPort = 9101;
    JsonNode http = mapping(root, "http", "http", HTTP, false);
    if (http != null) {
      if (http.hasNonNull("host")) {
        httpHost = string(http, "host", "http.host");
      }
      httpPort = (int) integer(http, "port", "http.port", 0, 65535, 9101);
    }
    Path workDir = Path.of(string(root, "workDir", "workDir"));

    Map<String, URI> stores = new LinkedHashMap<>();
    Map<String, Map<String, String>> storeOptions = new LinkedHashMap<>();
    JsonNode storesNode = root.get("stores");
    if (storesNode == null || storesNode.isNull()) {
      throw new AgentConfigException("stores", "is required");
    }
    if (!storesNode.isObject()) {
      throw new AgentConfigException("stores", "expected a mapping of region to store");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = storesNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = "stores." + e.getKey();
      JsonNode s = e.getValue();
      if (!s.isObject()) {
        throw new AgentConfigException(k, "expected a mapping with uri and options");
      }
      checkKeys(s, k + ".", STORE);
      stores.put(e.getKey(), storeUri(string(s, "uri", k + ".uri"), k + ".uri"));
      storeOptions.put(e.getKey(), options(s.get("options"), k + ".options"));
    }
    if (!stores.containsKey(region)) {
      throw new AgentConfigException(
          "stores", "no store for the agent's own region '" + region + "'");
    }

    List<EnsembleConfig> ensembles = new ArrayList<>();
    JsonNode ens = root.get("ensembles");
    if (ens != null && !ens.isNull()) {
      if (!ens.isArray()) {
        throw new AgentConfigException("ensembles", "expected a list");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < ens.size(); i++) {
        EnsembleConfig e = ensemble(ens.get(i), "ensembles[" + i + "]");
        if (!names.add(e.name())) {
          throw new AgentConfigException(
              "ensembles[" + i + "].name", "duplicate ensemble '" + e.name() + "'");
        }
        ensembles.add(e);
      }
    }

    ShippingConfig shipping = ShippingConfig.defaults();
    JsonNode sh = mapping(root, "shipping", "shipping", SHIPPING, false);
    if (sh != null) {
      shipping =
          new ShippingConfig(
              Duration.ofMillis(
                  integer(
                      sh,
                      "segmentIntervalMs",
                      "shipping.segmentIntervalMs",
                      1,
                      3_600_000,
                      shipping.segmentInterval().toMillis())),
              (int)
                  integer(
                      sh,
                      "segmentMaxTxns",
                      "shipping.segmentMaxTxns",
                      1,
                      10_000_000,
                      shipping.segmentMaxTxns()),
              Duration.ofMillis(
                  integer(
                      sh,
                      "pollIntervalMs",
                      "shipping.pollIntervalMs",
                      1,
                      60_000,
                      shipping.pollInterval().toMillis())),
              Duration.ofMillis(
                  integer(
                      sh,
                      "gapGraceMs",
                      "shipping.gapGraceMs",
                      0,
                      86_400_000,
                      shipping.gapGrace().toMillis())));
    }
    return new AgentConfig(
        agentId,
        site,
        region,
        controllers,
        httpHost,
        httpPort,
        workDir,
        stores,
        storeOptions,
        ensembles,
        shipping,
        Duration.ofMillis(
            integer(root, "heartbeatIntervalMs", "heartbeatIntervalMs", 100, 600_000, 5000)),
        Duration.ofMillis(integer(root, "leaseWaitMs", "leaseWaitMs", 100, 60_000, 20_000)),
        (int) integer(root, "maxConcurrentJobs", "maxConcurrentJobs", 1, 64, 2));
  }

  private static List<URI> controllers(JsonNode n) {
    if (n == null || n.isNull()) {
      throw new AgentConfigException("controllers", "is required");
    }
    if (!n.isArray() || n.isEmpty()) {
      throw new AgentConfigException("controllers", "expected a non-empty list of URLs");
    }
    List<URI> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String k = "controllers[" + i + "]";
      JsonNode v = n.get(i);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new AgentConfigException(k, "expected a URL such as http://10.0.0.1:8080");
      }
      URI u;
      try {
        u = new URI(v.asText());
      } catch (URISyntaxException e) {
        throw new AgentConfigException(k, "not a URL: '" + v.asText() + "'");
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new AgentConfigException(k, "expected http(s)://host:port, got '" + v.asText() + "'");
      }
      out.add(u);
    }
    return out;
  }

  private static URI storeUri(String text, String key) {
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      throw new AgentConfigException(key, "not a URI: '" + text + "'");
    }
    if (!"file".equals(u.getScheme()) && !"s3".equals(u.getScheme())) {
      throw new AgentConfigException(key, "expected file:///path or s3://bucket/prefix");
    }
    return u;
  }

  private static Map<String, String> options(JsonNode n, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new AgentConfigException(key, "expected a mapping of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new AgentConfigException(key + "." + e.getKey(), "expected a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static EnsembleConfig ensemble(JsonNode n, String k) {
    if (!n.isObject()) {
      throw new AgentConfigException(k, "expected a mapping with name and members");
    }
    checkKeys(n, k + ".", ENSEMBLE);
    String name = name(n, "name", k + ".name");
    JsonNode ms = n.get("members");
    if (ms == null || !ms.isArray() || ms.isEmpty()) {
      throw new AgentConfigException(k + ".members", "expected a non-empty list of members");
    }
    List<MemberConfig> members = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < ms.size(); i++) {
      String mk = k + ".members[" + i + "]";
      MemberConfig m = member(ms.get(i), mk);
      if (!ids.add(m.myid())) {
        throw new AgentConfigException(mk + ".myid", "duplicate myid " + m.myid());
      }
      members.add(m);
    }
    return new EnsembleConfig(name, members);
  }

  private static MemberConfig member(JsonNode n, String k) {
    if (!n.isObject()) {
      throw new AgentConfigException(k, "expected a mapping");
    }
    checkKeys(n, k + ".", MEMBER);
    int myid = (int) integer(n, "myid", k + ".myid", 1, 255, -1);
    String host = string(n, "host", k + ".host");
    int client = (int) integer(n, "clientPort", k + ".clientPort", 1, 65535, -1);
    int quorum = (int) integer(n, "quorumPort", k + ".quorumPort", 1, 65535, -1);
    int election = (int) integer(n, "electionPort", k + ".electionPort", 1, 65535, -1);
    int admin = (int) integer(n, "adminPort", k + ".adminPort", 0, 65535, 0);
    Path dataDir = Path.of(string(n, "dataDir", k + ".dataDir"));
    Path dataLogDir =
        n.hasNonNull("dataLogDir") ? Path.of(string(n, "dataLogDir", k + ".dataLogDir")) : dataDir;
    return new MemberConfig(
        myid,
        host,
        client,
        quorum,
        election,
        admin,
        dataDir,
        dataLogDir,
        control(n.get("control"), k + ".control"));
  }

  private static MemberControlConfig control(JsonNode n, String k) {
    if (n == null || n.isNull()) {
      throw new AgentConfigException(k, "is required (mode: managed | external)");
    }
    if (!n.isObject()) {
      throw new AgentConfigException(k, "expected a mapping");
    }
    checkKeys(n, k + ".", CONTROL);
    String mode = string(n, "mode", k + ".mode");
    Duration timeout =
        Duration.ofSeconds(integer(n, "timeoutSeconds", k + ".timeoutSeconds", 1, 86_400, 120));
    switch (mode) {
      case "managed" -> {
        for (String f : List.of("start", "stop")) {
          if (n.has(f)) {
            throw new AgentConfigException(k + "." + f, "only allowed with mode: external");
          }
        }
        return new MemberControlConfig(
            MemberControlConfig.Mode.MANAGED, List.of(), List.of(), timeout);
      }
      case "external" -> {
        return new MemberControlConfig(
            MemberControlConfig.Mode.EXTERNAL,
            argv(n.get("start"), k + ".start"),
            argv(n.get("stop"), k + ".stop"),
            timeout);
      }
      default ->
          throw new AgentConfigException(
              k + ".mode", "expected managed or external, got '" + mode + "'");
    }
  }

  private static List<String> argv(JsonNode n, String k) {
    if (n == null || n.isNull()) {
      throw new AgentConfigException(k, "is required with mode: external");
    }
    if (!n.isArray() || n.isEmpty()) {
      throw new AgentConfigException(k, "expected a non-empty list (argv)");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw new AgentConfigException(k + "[" + i + "]", "expected a string");
      }
      out.add(n.get(i).asText());
    }
    return out;
  }

  private static JsonNode mapping(
      JsonNode parent, String field, String key, Set<String> keys, boolean required) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new AgentConfigException(key, "is required");
      }
      return null;
    }
    if (!n.isObject()) {
      throw new AgentConfigException(key, "expected a mapping");
    }
    checkKeys(n, key + ".", keys);
    return n;
  }

  private static void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new AgentConfigException(
            prefix + f, "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static String string(JsonNode n, String field, String key) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new AgentConfigException(key, "is required");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new AgentConfigException(key, "expected a non-empty string");
    }
    return v.asText();
  }

  /** A name as the controllers' API accepts it (ids, sites, regions, ensembles). */
  private static String name(JsonNode n, String field, String key) {
    String v = string(n, field, key);
    if (!v.matches("[A-Za-z0-9][A-Za-z0-9._:-]*") || v.length() > 200) {
      throw new AgentConfigException(
          key, "expected letters, digits and . _ : - (starting with a letter or digit)");
    }
    return v;
  }

  private static long integer(
      JsonNode n, String field, String key, long min, long max, long fallback) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (fallback < min) {
        throw new AgentConfigException(key, "is required");
      }
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw new AgentConfigException(key, "expected " + min + ".." + max + ", got " + v);
    }
    return v.asLong();
  }
}
