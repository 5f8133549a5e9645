package io.zkdr.cli.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkdr.cli.CliException;
import io.zkdr.cli.ExitCode;
import io.zkdr.cli.client.ControllerClient;
import io.zkdr.json.ZxidJson;
import io.zkdr.model.RestorableChain;
import io.zkdr.model.RestorableRange;
import io.zkdr.model.ZxidRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks before a restore job is created that the copies in the chosen region reach the asked
 * point, so that an impossible restore fails at once (exit 3) and names what is restorable, rather
 * than as a failed job later. A time cannot be checked here: the catalog knows zxids, not the time
 * of each transaction.
 */
final class RestorableCheck {
  private RestorableCheck() {}

  /**
   * @param toZxid the asked zxid (hex), or null
   * @param latest whether the latest restorable point was asked for
   * @throws CliException (not found) naming the restorable ranges
   */
  static void require(
      ControllerClient client, String ensemble, String region, String toZxid, boolean latest) {
    if (toZxid == null && !latest) {
      return;
    }
    JsonNode answer =
        client.get(
            "/v1/ensembles/"
                + ControllerClient.encode(ensemble)
                + "/restorable?region="
                + ControllerClient.encode(region));
    List<ZxidRange> covered = new ArrayList<>();
    for (JsonNode n : answer.path("regions")) {
      RestorableRange range = client.convert(n, RestorableRange.class);
      for (RestorableChain c : range.chains()) {
        covered.add(c.covered());
      }
    }
    if (covered.isEmpty()) {
      throw new CliException(
          ExitCode.NOT_FOUND,
          "'" + ensemble + "' has no restorable backup in region " + region,
          "pick another region with --region (see 'zkdr ensemble describe " + ensemble + "')",
          null);
    }
    if (toZxid == null) {
      return;
    }
    long z = ZxidJson.parse(toZxid);
    for (ZxidRange r : covered) {
      if (z >= r.from() && z <= r.to()) {
        return;
      }
    }
    List<String> ranges = new ArrayList<>();
    for (ZxidRange r : covered) {
      ranges.add(ZxidJson.format(r.from()) + ".." + ZxidJson.format(r.to()));
    }
    throw new CliException(
        ExitCode.NOT_FOUND,
        "'"
            + ensemble
            + "' cannot be restored to "
            + toZxid
            + " from the copies in "
            + region
            + ": they cover "
            + String.join(", ", ranges),
        "pick a zxid in those ranges, or another region with --region",
        null);
  }
}
