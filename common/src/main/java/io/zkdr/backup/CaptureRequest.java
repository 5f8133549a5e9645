package io.zkdr.backup;

import java.util.Objects;

/**
 * What to capture and how to label it.
 *
 * @param artifactId unique id of the artifact (the catalog's backup id)
 * @param ensemble ensemble name
 * @param sourceMember the member whose data dir is read ({@code myid@host})
 * @param fromZxid INCREMENTAL: the exclusive lower bound; ignored for FULL
 * @param toZxid last zxid to include; -1 for the end of the logs
 */
public record CaptureRequest(
    String artifactId, String ensemble, String sourceMember, long fromZxid, long toZxid) {

  public CaptureRequest {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(ensemble, "ensemble");
    Objects.requireNonNull(sourceMember, "sourceMember");
  }

  /** A FULL capture up to {@code toZxid} (-1: the end of the logs). */
  public static CaptureRequest full(
      String artifactId, String ensemble, String sourceMember, long toZxid) {
    return new CaptureRequest(artifactId, ensemble, sourceMember, -1, toZxid);
  }

  /** An INCREMENTAL capture of {@code (fromZxid, toZxid]} (toZxid -1: the end of the logs). */
  public static CaptureRequest incremental(
      String artifactId, String ensemble, String sourceMember, long fromZxid, long toZxid) {
    return new CaptureRequest(artifactId, ensemble, sourceMember, fromZxid, toZxid);
  }

  long uptoOrMax() {
    return toZxid < 0 ? Long.MAX_VALUE : toZxid;
  }
}
