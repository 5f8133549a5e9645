package io.zkdr.cli.offline;

import io.zkdr.artifact.ArtifactManifest;
import io.zkdr.artifact.ArtifactReader;
import io.zkdr.cli.OutputOption;
import io.zkdr.cli.output.Bytes;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zkdr artifact ...}: work on a backup artifact on disk or in a store, no controller. */
@Command(
    name = "artifact",
    description = "Inspect, verify and restore backup artifacts directly (no controller needed).",
    subcommands = {ArtifactCommand.Inspect.class, ArtifactVerify.class, ArtifactRestore.class})
public class ArtifactCommand {

  /** {@code zkdr artifact inspect}: what the manifest says. */
  @Command(name = "inspect", description = "Show what an artifact holds (from its manifest).")
  static class Inspect implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOption output;

    @Parameters(
        paramLabel = "ARTIFACT",
        description = "Artifact directory, its manifest.json, or a file:// or s3:// URI.")
    String artifact;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      try (ArtifactLocation loc = ArtifactLocation.resolve(artifact)) {
        ArtifactManifest m = ArtifactReader.readManifest(loc.store(), loc.prefix());
        output.printer(out).print(m, () -> describe(m, Instant.now()));
      }
      return 0;
    }
  }

  static Table describe(ArtifactManifest m, Instant now) {
    Table t = new Table("FIELD", "VALUE");
    t.row("artifact", m.artifactId());
    t.row("ensemble", m.ensemble());
    t.row("kind", m.kind());
    t.row(
        "zxids",
        hex(m.fromZxid())
            + (m.kind().name().equals("FULL") ? " .. " : " (exclusive) .. ")
            + hex(m.toZxid())
            + ", restorable from "
            + hex(m.restorableFromZxid()));
    t.row(
        "transactions",
        m.txnCount()
            + (m.firstTxnTime() == null
                ? ""
                : " from " + m.firstTxnTime() + " to " + m.lastTxnTime()));
    if (m.znodeCount() > 0) {
      t.row("tree", m.znodeCount() + " znodes, " + Bytes.human(m.dataSize()) + " of data");
    }
    t.row(
        "digest",
        m.digest() == null
            ? "none (digests off on the source)"
            : Long.toHexString(m.digest().value())
                + " at "
                + hex(m.digest().zxid())
                + " (version "
                + m.digest().version()
                + ")");
    t.row("source", m.sourceMember());
    t.row("created", Times.withRelative(m.createdAt(), now));
    t.row(
        "data",
        m.chunks().size()
            + " chunks, "
            + Bytes.human(m.dataLength())
            + " stored, "
            + Bytes.human(m.rawLength())
            + " raw ("
            + m.compression().codec()
            + " level "
            + m.compression().level()
            + ")");
    t.row("sha256", m.dataSha256());
    t.row(
        "sections",
        m.sections().stream()
            .map(s -> s.name() + " (" + s.format() + ", " + Bytes.human(s.rawLength()) + ")")
            .collect(Collectors.joining(", ")));
    return t;
  }

  static String hex(long zxid) {
    return "0x" + Long.toHexString(zxid);
  }
}
