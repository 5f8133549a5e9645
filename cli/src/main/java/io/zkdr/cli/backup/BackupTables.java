package io.zkdr.cli.backup;

import io.zkdr.cli.output.Bytes;
import io.zkdr.cli.output.Sections;
import io.zkdr.cli.output.Table;
import io.zkdr.cli.output.Times;
import io.zkdr.json.ZxidJson;
import io.zkdr.model.Backup;
import io.zkdr.model.BackupCopy;
import io.zkdr.model.BackupKind;
import io.zkdr.model.VerificationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** How backups print as tables. */
final class BackupTables {
  private BackupTables() {}

  /** One row per backup; the ensemble column only when the list spans several. */
  static Table list(List<Backup> backups, boolean showEnsemble, Instant now) {
    Table t =
        showEnsemble
            ? new Table("ID", "ENSEMBLE", "KIND", "ZXIDS", "CREATED", "SIZE", "REGIONS", "VERIFIED")
            : new Table("ID", "KIND", "ZXIDS", "CREATED", "SIZE", "REGIONS", "VERIFIED");
    for (Backup b : backups) {
      List<Object> cells = new ArrayList<>();
      cells.add(b.id());
      if (showEnsemble) {
        cells.add(b.ensemble());
      }
      cells.add(b.kind() == BackupKind.FULL ? "FULL" : "INCR");
      cells.add(zxids(b));
      cells.add(Times.withRelative(b.createdAt(), now));
      cells.add(Bytes.human(b.sizeBytes()));
      cells.add(String.join(",", new TreeSet<>(b.copies().keySet())));
      cells.add(verified(b));
      t.row(cells.toArray());
    }
    return t;
  }

  static String zxids(Backup b) {
    return b.kind() == BackupKind.FULL
        ? ZxidJson.format(b.toZxid())
        : "(" + ZxidJson.format(b.fromZxid()) + "," + ZxidJson.format(b.toZxid()) + "]";
  }

  static String verified(Backup b) {
    if (b.verifications().isEmpty()) {
      return "never";
    }
    VerificationResult last = b.verifications().get(b.verifications().size() - 1);
    return last.passed() ? "passed" : "FAILED";
  }

  static Sections describe(Backup b, List<Backup> chain, boolean chainCut, Instant now) {
    Table fields = new Table("FIELD", "VALUE");
    fields.row("id", b.id());
    fields.row("ensemble", b.ensemble());
    fields.row("kind", b.kind());
    fields.row("zxids", zxids(b));
    fields.row("created", Times.withRelative(b.createdAt(), now));
    fields.row("size", Bytes.human(b.sizeBytes()) + " (" + b.sizeBytes() + " bytes)");
    fields.row("digest", b.digest() == null ? "none" : b.digest());
    fields.row("manifest", b.manifest());
    fields.row("parent", b.parentId() == null ? "none (full backup)" : b.parentId());
    fields.row("verified", verified(b));

    Table copies = new Table("REGION", "URI", "SHA-256", "VERIFIED AT");
    for (BackupCopy c : new TreeMap<>(b.copies()).values()) {
      copies.row(
          c.region(),
          c.uri(),
          c.checksum() == null || c.checksum().length() <= 16
              ? c.checksum()
              : c.checksum().substring(0, 16) + "…",
          c.verifiedAt() == null ? "never" : Times.withRelative(c.verifiedAt(), now));
    }

    Table links = new Table("LINK", "ID", "KIND", "ZXIDS", "CREATED", "REGIONS");
    int n = chain.size();
    if (chainCut) {
      links.row("...", "(older links not shown)", "", "", "", "");
    }
    for (int i = 0; i < n; i++) {
      Backup link = chain.get(i);
      links.row(
          i == n - 1 ? "this" : "-" + (n - 1 - i),
          link.id(),
          link.kind(),
          zxids(link),
          Times.relative(link.createdAt(), now),
          String.join(",", new TreeSet<>(link.copies().keySet())));
    }

    Table checks = new Table("AT", "REGION", "RESULT", "DETAIL");
    for (VerificationResult v : b.verifications()) {
      checks.row(
          Times.withRelative(v.at(), now),
          v.region(),
          v.passed() ? "passed" : "FAILED",
          v.detail());
    }
    return new Sections()
        .add(null, fields, "")
        .add("COPIES", copies, "no copies")
        .add("CHAIN (parent links, the full backup first)", links, "")
        .add("VERIFICATIONS", checks, "never verified");
  }
}
