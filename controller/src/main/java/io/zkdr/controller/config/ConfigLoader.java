package io.zkdr.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkdr.controller.catalog.CatalogStore;
import io.zkdr.json.JsonMapperFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and validates the controller YAML file. Every error names the key at fault. Example:
 *
 * <pre>
 * nodeId: us-east
 * storageDir: /var/lib/zkdr/controller
 * peers:
 *   - {id: us-east,  region: us-east,  raft: "10.0.0.1:9870", http: "10.0.0.1:8080"}
 *   - {id: eu-west,  region: eu-west,  raft: "10.1.0.1:9870", http: "10.1.0.1:8080"}
 *   - {id: ap-south, region: ap-south, raft: "10.2.0.1:9870", http: "10.2.0.1:8080"}
 * timeouts: {electionMinMs: 1000, electionMaxMs: 2000, requestMs: 5000,
 *            jobLeaseMs: 60000, longPollMaxMs: 30000}
 * raft: {snapshotThreshold: 20000, logSegmentBytes: 8388608}
 * http: {bodyLimitBytes: 4194304, eventLoops: 2, readThreads: 8}
 * catalog: {blockCacheBytes: 268435456}
 * </pre>
 */
public final class ConfigLoader {
  private static final Set<String> TOP =
      Set.of("nodeId", "storageDir", "groupId", "peers", "timeouts", "raft", "http", "catalog");
  private static final Set<String> PEER = Set.of("id", "region", "raft", "http");
  private static final Set<String> TIMEOUTS =
      Set.of("electionMinMs", "electionMaxMs", "requestMs", "jobLeaseMs", "longPollMaxMs");
  private static final Set<String> RAFT = Set.of("snapshotThreshold", "logSegmentBytes");
  private static final Set<String> HTTP = Set.of("bodyLimitBytes", "eventLoops", "readThreads");
  private static final Set<String> CATALOG = Set.of("blockCacheBytes");

  /** Default group id, so that a demo needs none. */
  public static final String DEFAULT_GROUP_ID =
      UUID.nameUUIDFromBytes("zkdr-catalog".getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .toString();

  private ConfigLoader() {}

  /** Loads and validates {@code file}. */
  public static ControllerConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text);
  }

  /** Parses and validates YAML text. */
  public static ControllerConfig parse(String yaml) {
    ObjectMapper mapper = JsonMapperFactory.newYamlMapper();
    JsonNode root;
    try {
      root = mapper.readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("(root)", "expected a mapping of keys");
    }
    checkKeys(root, "", TOP);
    String nodeId = requiredString(root, "nodeId", "nodeId");
    Path storage = Path.of(requiredString(root, "storageDir", "storageDir"));
    String groupId = optionalString(root, "groupId", "groupId", DEFAULT_GROUP_ID);
    try {
      UUID.fromString(groupId);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("groupId", "not a UUID: '" + groupId + "'");
    }
    JsonNode peersNode = root.get("peers");
    if (peersNode == null || !peersNode.isArray() || peersNode.isEmpty()) {
      throw new ConfigException("peers", "a non-empty list of peers is required");
    }
    List<PeerConfig> peers = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < peersNode.size(); i++) {
      String k = "peers[" + i + "]";
      JsonNode p = peersNode.get(i);
      if (!p.isObject()) {
        throw new ConfigException(k, "expected a mapping with id, region, raft, http");
      }
      checkKeys(p, k + ".", PEER);
      String id = requiredString(p, "id", k + ".id");
      if (!ids.add(id)) {
        throw new ConfigException(k + ".id", "duplicate peer id '" + id + "'");
      }
      peers.add(
          new PeerConfig(
              id,
              requiredString(p, "region", k + ".region"),
              hostPort(requiredString(p, "raft", k + ".raft"), k + ".raft"),
              hostPort(requiredString(p, "http", k + ".http"), k + ".http")));
    }
    if (!ids.contains(nodeId)) {
      throw new ConfigException("nodeId", "'" + nodeId + "' is not one of the peers " + ids);
    }
    JsonNode t = section(root, "timeouts", TIMEOUTS);
    Duration emin = Duration.ofMillis(positive(t, "electionMinMs", "timeouts", 1000));
    Duration emax = Duration.ofMillis(positive(t, "electionMaxMs", "timeouts", 2000));
    if (emax.compareTo(emin) <= 0) {
      throw new ConfigException("timeouts.electionMaxMs", "must be greater than electionMinMs");
    }
    JsonNode r = section(root, "raft", RAFT);
    JsonNode h = section(root, "http", HTTP);
    JsonNode c = section(root, "catalog", CATALOG);
    return new ControllerConfig(
        nodeId,
        storage,
        groupId,
        peers,
        emin,
        emax,
        Duration.ofMillis(positive(t, "requestMs", "timeouts", 5000)),
        Duration.ofMillis(positive(t, "jobLeaseMs", "timeouts", 60_000)),
        Duration.ofMillis(positive(t, "longPollMaxMs", "timeouts", 30_000)),
        positive(r, "snapshotThreshold", "raft", ControllerConfig.DEFAULT_SNAPSHOT_THRESHOLD),
        positive(r, "logSegmentBytes", "raft", 8L << 20),
        positive(h, "bodyLimitBytes", "http", 4L << 20),
        positive(c, "blockCacheBytes", "catalog", CatalogStore.DEFAULT_BLOCK_CACHE_BYTES),
        (int) bounded(h, "eventLoops", "http", ControllerConfig.DEFAULT_EVENT_LOOPS, 256),
        (int) bounded(h, "readThreads", "http", ControllerConfig.DEFAULT_READ_THREADS, 256));
  }

  private static JsonNode section(JsonNode root, String name, Set<String> keys) {
    JsonNode n = root.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new ConfigException(name, "expected a mapping");
    }
    checkKeys(n, name + ".", keys);
    return n;
  }

  private static void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new ConfigException(prefix + f, "unknown key; expected one of " + allowed);
      }
    }
  }

  private static String requiredString(JsonNode n, String field, String key) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new ConfigException(key, "is required");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new ConfigException(key, "expected a non-empty string");
    }
    return v.asText();
  }

  private static String optionalString(JsonNode n, String field, String key, String def) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? def : requiredString(n, field, key);
  }

  private static long positive(JsonNode n, String field, String section, long def) {
    if (n == null || n.get(field) == null || n.get(field).isNull()) {
      return def;
    }
    JsonNode v = n.get(field);
    if (!v.isIntegralNumber() || v.asLong() <= 0) {
      throw new ConfigException(section + "." + field, "expected a positive integer, got " + v);
    }
    return v.asLong();
  }

  /** A positive integer of at most {@code max}. */
  private static long bounded(JsonNode n, String field, String section, long def, long max) {
    long v = positive(n, field, section, def);
    if (v > max) {
      throw new ConfigException(section + "." + field, "at most " + max + ", got " + v);
    }
    return v;
  }

  static HostPort hostPort(String text, String key) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ConfigException(key, "expected host:port, got '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "port is not a number in '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException(key, "port out of range in '" + text + "'");
    }
    return new HostPort(text.substring(0, colon), port);
  }
}
