package io.zkdr.zk.txnlog;

import io.zkdr.zk.Zxid;
import io.zkdr.zk.txnlog.LogProblem.Kind;
import io.zkdr.zk.txnlog.LogProblem.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks transaction logs record by record: checksums, framing, decodability, zxid continuity
 * across files and epochs, timestamps, and data hidden after the end of a log. Produces a {@link
 * LogCheckReport} naming every finding's file, offset and zxid.
 *
 * <p>In a directory the newest log is taken to be live: a record cut short at its end is the normal
 * state of a running server and reported as {@link Kind#LIVE_TAIL} (info).
 */
public final class TxnLogValidator {

  private final Duration timeTolerance;

  /**
   * @param timeTolerance a txn may be this much older than the one before it with only a warning
   *     (leaders' clocks differ); a larger step back is an error
   */
  public TxnLogValidator(Duration timeTolerance) {
    this.timeTolerance = timeTolerance;
  }

  /** A validator tolerating 10 s of clock difference. */
  public TxnLogValidator() {
    this(Duration.ofSeconds(10));
  }

  /**
   * Checks a log file, or every {@code log.*} file of a directory (or of its {@code version-2}
   * subdirectory) in zxid order.
   */
  public LogCheckReport validate(Path fileOrDir) throws IOException {
    if (Files.isDirectory(fileOrDir)) {
      Path dir = fileOrDir;
      if (Files.isDirectory(dir.resolve("version-2"))) {
        dir = dir.resolve("version-2");
      }
      return validate(TxnLogFile.list(dir));
    }
    TxnLogFile file = TxnLogFile.of(fileOrDir);
    return validate(List.of(file != null ? file : new TxnLogFile(fileOrDir, -1)));
  }

  /** Checks the given files in order; the last one is taken to be live. */
  public LogCheckReport validate(List<TxnLogFile> files) throws IOException {
    return validate(files, new long[0]);
  }

  /**
   * Checks a member's logs knowing where its snapshots start ({@code ZkDataDir.snapshots()}): a gap
   * that a later snapshot bridges only limits how far back restores can go, and is a warning rather
   * than an error.
   */
  public LogCheckReport validate(List<TxnLogFile> files, Collection<Long> snapshotStartZxids)
      throws IOException {
    return validate(files, snapshotStartZxids.stream().mapToLong(Long::longValue).toArray());
  }

  private LogCheckReport validate(List<TxnLogFile> files, long[] snapshotStarts)
      throws IOException {
    Run run = new Run(snapshotStarts);
    for (int i = 0; i < files.size(); i++) {
      TxnLogFile f = files.get(i);
      boolean live = i == files.size() - 1;
      for (int attempt = 1; ; attempt++) {
        Run.Mark mark = run.mark();
        try (InputStream in = Files.newInputStream(f.path())) {
          run.checkFile(in, f.path(), f.startZxid(), live);
        }
        if (!live || attempt >= TORN_READ_ATTEMPTS || !run.sinceLooksTorn(mark)) {
          break;
        }
        // the server may have been writing a record as it was read: check the file again
        run.reset(mark);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while checking " + f.path());
        }
      }
    }
    return new LogCheckReport(files.size(), run.records, run.firstZxid, run.lastZxid, run.problems);
  }

  /** Checks of the live log that finds what a half-written record looks like. */
  private static final int TORN_READ_ATTEMPTS = 5;

  /** Checks one log stream (an artifact section, a shipped segment). */
  public LogCheckReport validate(InputStream in, String name, boolean liveTail) throws IOException {
    Run run = new Run(new long[0]);
    run.checkFile(in, Path.of(name), -1, liveTail);
    return new LogCheckReport(1, run.records, run.firstZxid, run.lastZxid, run.problems);
  }

  /** State carried across the files of one check. */
  private final class Run {
    final List<LogProblem> problems = new ArrayList<>();
    final long[] snapshotStarts;
    long records;
    long firstZxid = -1;
    long lastZxid = -1;
    long lastTime = -1;
    long dbid;
    boolean haveDbid;

    void checkFile(InputStream in, Path file, long nameZxid, boolean live) throws IOException {
      TxnLogReader reader;
      try {
        reader = TxnLogReader.open(in, file.toString(), live);
      } catch (TxnLogFormatException e) {
        add(Kind.BAD_HEADER, Severity.ERROR, file, e.offset(), -1, e.getMessage());
        return;
      }
      if (haveDbid && reader.dbid() != dbid) {
        add(
            Kind.DBID_CHANGE,
            Severity.WARNING,
            file,
            0,
            -1,
            "dbid " + reader.dbid() + " differs from the previous file's " + dbid);
      }
      dbid = reader.dbid();
      haveDbid = true;
      boolean first = true;
      while (true) {
        TxnLogReader.Frame frame;
        try {
          frame = reader.nextFrame();
        } catch (TxnLogFormatException e) {
          // the framing is lost: nothing after this point of the file can be trusted
          add(e.kind(), Severity.ERROR, file, e.offset(), -1, e.getMessage());
          return;
        }
        if (frame == null) {
          break;
        }
        records++;
        if (!frame.checksumMatches()) {
          add(
              Kind.BAD_CRC,
              Severity.ERROR,
              file,
              frame.offset(),
              -1,
              "checksum mismatch in a record of "
                  + frame.bytes().length
                  + " bytes after zxid "
                  + (lastZxid < 0 ? "(none)" : Zxid.hex(lastZxid)));
          continue;
        }
        TxnLogRecord rec;
        try {
          rec = TxnLogReader.decode(frame, file.toString());
        } catch (TxnLogFormatException e) {
          add(e.kind(), Severity.ERROR, file, frame.offset(), -1, e.getMessage());
          continue;
        }
        if (first && nameZxid >= 0 && rec.zxid() != nameZxid) {
          add(
              Kind.NAME_MISMATCH,
              Severity.WARNING,
              file,
              frame.offset(),
              rec.zxid(),
              "file name says " + Zxid.hex(nameZxid) + ", first record is " + Zxid.hex(rec.zxid()));
        }
        first = false;
        checkSequence(file, rec);
      }
      if (reader.endReason() == TxnLogReader.EndReason.PARTIAL_TAIL) {
        add(
            Kind.LIVE_TAIL,
            Severity.INFO,
            file,
            reader.offset(),
            -1,
            "a record is being written at the end of the live log");
      }
      long hidden = reader.firstNonZeroAfterEnd();
      if (hidden >= 0) {
        add(
            Kind.DATA_AFTER_END,
            Severity.ERROR,
            file,
            hidden,
            -1,
            "non-zero bytes after the end of the log (records hidden behind an empty or torn one)");
      }
    }

    void checkSequence(Path file, TxnLogRecord rec) {
      long zxid = rec.zxid();
      if (lastZxid >= 0) {
        if (zxid <= lastZxid) {
          add(
              Kind.ZXID_NOT_INCREASING,
              Severity.ERROR,
              file,
              rec.offset(),
              zxid,
              Zxid.hex(zxid) + " follows " + Zxid.hex(lastZxid));
        } else if (Zxid.epoch(zxid) == Zxid.epoch(lastZxid) && zxid != lastZxid + 1) {
          long bridge = snapshotAtOrAfter(zxid - 1);
          add(
              Kind.ZXID_GAP,
              bridge >= 0 ? Severity.WARNING : Severity.ERROR,
              file,
              rec.offset(),
              zxid,
              "missing "
                  + Zxid.hex(lastZxid + 1)
                  + ".."
                  + Zxid.hex(zxid - 1)
                  + " ("
                  + (zxid - lastZxid - 1)
                  + " txns)"
                  + (bridge >= 0
                      ? "; the snapshot at "
                          + Zxid.hex(bridge)
                          + " does not need them, older points cannot be restored"
                      : ""));
        } else if (Zxid.epoch(zxid) != Zxid.epoch(lastZxid)) {
          add(
              Kind.EPOCH_CHANGE,
              Severity.INFO,
              file,
              rec.offset(),
              zxid,
              "epoch "
                  + Zxid.epoch(lastZxid)
                  + " -> "
                  + Zxid.epoch(zxid)
                  + " after "
                  + Zxid.hex(lastZxid));
        }
      }
      if (lastTime >= 0 && rec.time() < lastTime) {
        long back = lastTime - rec.time();
        add(
            Kind.TIME_BACKWARDS,
            back > timeTolerance.toMillis() ? Severity.ERROR : Severity.WARNING,
            file,
            rec.offset(),
            zxid,
            "time goes back " + back + " ms");
      }
      if (zxid > lastZxid) {
        lastZxid = zxid;
      }
      if (firstZxid < 0) {
        firstZxid = zxid;
      }
      lastTime = Math.max(lastTime, rec.time());
    }

    Run(long[] snapshotStarts) {
      this.snapshotStarts = snapshotStarts;
    }

    /** The state before a file, to check it again from there. */
    record Mark(
        int problems,
        long records,
        long firstZxid,
        long lastZxid,
        long lastTime,
        long dbid,
        boolean haveDbid) {}

    Mark mark() {
      return new Mark(problems.size(), records, firstZxid, lastZxid, lastTime, dbid, haveDbid);
    }

    void reset(Mark m) {
      problems.subList(m.problems(), problems.size()).clear();
      records = m.records();
      firstZxid = m.firstZxid();
      lastZxid = m.lastZxid();
      lastTime = m.lastTime();
      dbid = m.dbid();
      haveDbid = m.haveDbid();
    }

    /** Whether the findings since {@code m} could come from reading a record being written. */
    boolean sinceLooksTorn(Mark m) {
      for (LogProblem p : problems.subList(m.problems(), problems.size())) {
        switch (p.kind()) {
          case BAD_CRC,
              BAD_END_OF_RECORD,
              BAD_LENGTH,
              UNDECODABLE_TXN,
              UNKNOWN_TXN_TYPE,
              DATA_AFTER_END -> {
            return true;
          }
          default -> {
            // not a reading artifact
          }
        }
      }
      return false;
    }

    /** The start of the first snapshot at or after {@code zxid}, or -1. */
    long snapshotAtOrAfter(long zxid) {
      long best = -1;
      for (long s : snapshotStarts) {
        if (s >= zxid && (best < 0 || s < best)) {
          best = s;
        }
      }
      return best;
    }

    void add(Kind kind, Severity severity, Path file, long offset, long zxid, String message) {
      problems.add(new LogProblem(kind, severity, file, offset, zxid, message));
    }
  }
}
