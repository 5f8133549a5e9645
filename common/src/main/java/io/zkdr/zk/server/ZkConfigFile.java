package io.zkdr.zk.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders and writes the static configuration of one member: {@code zoo.cfg} in the member dir and
 * {@code myid} in its data dir.
 */
public final class ZkConfigFile {

  /** Name of the generated configuration file inside the member dir. */
  public static final String FILE_NAME = "zoo.cfg";

  private ZkConfigFile() {}

  /**
   * The {@code zoo.cfg} text for {@code member} in an ensemble of {@code ensemble} (which includes
   * {@code member}).
   */
  public static String render(ZkMember member, List<ZkMember> ensemble, ZkServerSettings settings) {
    StringBuilder cfg = new StringBuilder();
    line(cfg, "tickTime", settings.tickTimeMs());
    line(cfg, "initLimit", settings.initLimit());
    line(cfg, "syncLimit", settings.syncLimit());
    line(cfg, "dataDir", member.dataDir().toAbsolutePath());
    line(cfg, "dataLogDir", member.dataLogDir().toAbsolutePath());
    line(cfg, "clientPortAddress", member.host());
    line(cfg, "clientPort", member.clientPort());
    line(cfg, "4lw.commands.whitelist", "*");
    // Keys ZooKeeper turns into zookeeper.* system properties; written here so the file alone
    // describes the server (the launcher passes them as -D as well).
    line(cfg, "digest.enabled", true);
    line(cfg, "snapCount", settings.snapCount());
    line(cfg, "preAllocSize", settings.preAllocSizeKb());
    if (settings.txnLogSizeLimitKb() > 0) {
      line(cfg, "txnLogSizeLimitInKb", settings.txnLogSizeLimitKb());
    }
    line(cfg, "snapshot.compression.method", settings.snapshotCompression().methodName());
    line(cfg, "admin.enableServer", settings.adminServerEnabled());
    line(cfg, "admin.serverAddress", member.host());
    line(cfg, "admin.serverPort", member.adminPort());
    // Without this a one-member ensemble would run standalone and never write epoch files.
    line(cfg, "standaloneEnabled", ensemble.size() > 1);
    line(cfg, "reconfigEnabled", false);
    line(cfg, "quorumListenOnAllIPs", false);
    if (member.role() == MemberRole.OBSERVER) {
      line(cfg, "peerType", "observer");
    }
    for (Map.Entry<String, String> e : settings.extraConfig().entrySet()) {
      line(cfg, e.getKey(), e.getValue());
    }
    for (ZkMember m : ensemble) {
      cfg.append(m.serverLine()).append('\n');
    }
    return cfg.toString();
  }

  /**
   * Creates the member's dirs and writes {@code zoo.cfg} and {@code myid}; returns the config path.
   */
  public static Path write(ZkMember member, List<ZkMember> ensemble, ZkServerSettings settings)
      throws IOException {
    Files.createDirectories(member.memberDir());
    Files.createDirectories(member.dataDir());
    Files.createDirectories(member.dataLogDir());
    Files.writeString(
        member.dataDir().resolve("myid"), member.myid() + "\n", StandardCharsets.US_ASCII);
    Path cfg = member.memberDir().resolve(FILE_NAME);
    Files.writeString(cfg, render(member, ensemble, settings), StandardCharsets.UTF_8);
    return cfg;
  }

  private static void line(StringBuilder cfg, String key, Object value) {
    cfg.append(key).append('=').append(value).append('\n');
  }
}
