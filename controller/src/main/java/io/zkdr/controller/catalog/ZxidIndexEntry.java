package io.zkdr.controller.catalog;

import io.zkdr.model.Backup;
import io.zkdr.model.BackupKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Value of the by-zxid index: just enough to compute restorable chains without loading backups.
 *
 * @param id backup id
 * @param kind full or incremental
 * @param fromZxid start (exclusive for increments)
 * @param toZxid end
 * @param regions regions holding a copy
 */
public record ZxidIndexEntry(
    String id, BackupKind kind, long fromZxid, long toZxid, Set<String> regions) {

  /** The index entry for a backup. */
  public static ZxidIndexEntry of(Backup b) {
    return new ZxidIndexEntry(
        b.id(), b.kind(), b.fromZxid(), b.toZxid(), new TreeSet<>(b.copies().keySet()));
  }

  /** Whether a copy exists in {@code region}, or in any region when it is null. */
  public boolean availableIn(String region) {
    return region == null ? !regions.isEmpty() : regions.contains(region);
  }

  byte[] encodeValue() {
    byte[] r = String.join(",", regions).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 8 + r.length)
        .put((byte) kind.ordinal())
        .putLong(fromZxid)
        .put(r)
        .array();
  }

  /** Whether an encoded value is that of a FULL backup, without decoding the rest. */
  static boolean isFull(byte[] value) {
    return value.length > 0 && value[0] == (byte) BackupKind.FULL.ordinal();
  }

  /** Decodes an entry of {@code backups_by_zxid} from its key and value. */
  public static ZxidIndexEntry fromIndex(byte[] key, int prefixLength, byte[] value) {
    return decode(
        IndexKeys.idAfterNumber(key, prefixLength), Keys.longAt(key, prefixLength), value);
  }

  static ZxidIndexEntry decode(String id, long toZxid, byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    BackupKind kind = BackupKind.values()[b.get()];
    long from = b.getLong();
    String r = new String(value, 9, value.length - 9, StandardCharsets.UTF_8);
    Set<String> regions = r.isEmpty() ? Set.of() : new TreeSet<>(List.of(r.split(",")));
    return new ZxidIndexEntry(id, kind, from, toZxid, regions);
  }

  @Override
  public String toString() {
    return id
        + "["
        + kind
        + " "
        + fromZxid
        + ".."
        + toZxid
        + " "
        + Arrays.toString(regions.toArray())
        + "]";
  }
}
