package io.zkdr.controller.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON bodies for test requests. */
public final class Fixtures {
  public static final String CHECKSUM = "ab".repeat(32);

  private Fixtures() {}

  public static Map<String, Object> region(String description) {
    return Map.of("description", description);
  }

  public static Map<String, Object> ensemble(String home, String... standby) {
    return Map.of(
        "members",
        List.of(
            Map.of(
                "myid", 1,
                "host", "127.0.0.1",
                "clientPort", 2181,
                "quorumPort", 2888,
                "electionPort", 3888,
                "role", "PARTICIPANT",
                "site", home + "-a")),
        "homeRegion",
        home,
        "standbyRegions",
        List.of(standby));
  }

  /** A backup with one copy in {@code region}. */
  public static Map<String, Object> backup(
      String id, String ensemble, String kind, long from, long to, Instant at, String region) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("id", id);
    b.put("ensemble", ensemble);
    b.put("kind", kind);
    b.put("fromZxid", "0x" + Long.toHexString(from));
    b.put("toZxid", "0x" + Long.toHexString(to));
    b.put("createdAt", at.toString());
    b.put("sizeBytes", 1000);
    b.put(
        "copies",
        Map.of(
            region,
            Map.of("region", region, "uri", "file:///backups/" + id, "checksum", CHECKSUM)));
    return b;
  }
}
