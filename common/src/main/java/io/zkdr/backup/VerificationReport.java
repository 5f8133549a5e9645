package io.zkdr.backup;

import java.util.List;

/**
 * What verifying a backup found: one entry per check, passed or not, with details.
 *
 * @param subject what was verified (artifact ids, chain range)
 * @param checks the checks in the order they ran
 */
public record VerificationReport(String subject, List<Check> checks) {

  public VerificationReport {
    checks = List.copyOf(checks);
  }

  /** Outcome of one check. */
  public enum Status {
    PASSED,
    FAILED,
    /** Not applicable (no digest recorded, no live history overlapping). */
    SKIPPED
  }

  /**
   * One check.
   *
   * @param name short name ({@code integrity full-1}, {@code replay}, {@code manifest digest},
   *     {@code live digests})
   * @param status outcome
   * @param detail figures or the error
   */
  public record Check(String name, Status status, String detail) {
    @Override
    public String toString() {
      return status + " " + name + ": " + detail;
    }
  }

  /** No check failed. */
  public boolean passed() {
    return checks.stream().noneMatch(c -> c.status() == Status.FAILED);
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> c.status() == Status.FAILED).toList();
  }

  /** The check called {@code name}, or null. */
  public Check check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** One line per check after a summary line. */
  public String describe() {
    StringBuilder sb =
        new StringBuilder(subject).append(passed() ? ": verified" : ": FAILED verification");
    for (Check c : checks) {
      sb.append('\n').append(c);
    }
    return sb.toString();
  }
}
