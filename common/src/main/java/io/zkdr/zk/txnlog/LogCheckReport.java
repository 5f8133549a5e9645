package io.zkdr.zk.txnlog;

import io.zkdr.zk.Zxid;
import java.util.List;

/**
 * What a transaction-log check found.
 *
 * @param files log files read
 * @param records records read (including bad ones)
 * @param firstZxid first good zxid, -1 if none
 * @param lastZxid last good zxid, -1 if none
 * @param problems findings in file and offset order
 */
public record LogCheckReport(
    int files, long records, long firstZxid, long lastZxid, List<LogProblem> problems) {

  public LogCheckReport {
    problems = List.copyOf(problems);
  }

  /** No errors (warnings and infos allowed). */
  public boolean isClean() {
    return errors().isEmpty();
  }

  public List<LogProblem> errors() {
    return of(LogProblem.Severity.ERROR);
  }

  public List<LogProblem> warnings() {
    return of(LogProblem.Severity.WARNING);
  }

  public List<LogProblem> infos() {
    return of(LogProblem.Severity.INFO);
  }

  /** Findings of one kind. */
  public List<LogProblem> ofKind(LogProblem.Kind kind) {
    return problems.stream().filter(p -> p.kind() == kind).toList();
  }

  private List<LogProblem> of(LogProblem.Severity severity) {
    return problems.stream().filter(p -> p.severity() == severity).toList();
  }

  /** One line per finding after a summary line. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(files)
        .append(" file(s), ")
        .append(records)
        .append(" record(s), zxids ")
        .append(firstZxid < 0 ? "-" : Zxid.hex(firstZxid))
        .append("..")
        .append(lastZxid < 0 ? "-" : Zxid.hex(lastZxid))
        .append(", ")
        .append(errors().size())
        .append(" error(s), ")
        .append(warnings().size())
        .append(" warning(s)");
    for (LogProblem p : problems) {
      sb.append('\n').append(p);
    }
    return sb.toString();
  }
}
