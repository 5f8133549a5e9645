package io.zkdr.agent;

import io.zkdr.agent.capture.CaptureFullHandler;
import io.zkdr.agent.job.JobHandler;
import io.zkdr.agent.prune.PruneHandler;
import io.zkdr.agent.replicate.ReplicateHandler;
import io.zkdr.agent.restore.RestoreHandler;
import io.zkdr.agent.shipping.ShipLogHandler;
import io.zkdr.agent.verify.VerifyHandler;
import java.util.List;

/** The job handlers every agent runs. */
public final class StandardHandlers {
  private StandardHandlers() {}

  /** One handler per kind: capture, log shipping, replicate, verify, restore, prune. */
  public static List<JobHandler> handlers() {
    return List.of(
        new CaptureFullHandler(),
        new ShipLogHandler(),
        new ReplicateHandler(),
        new VerifyHandler(),
        new RestoreHandler(),
        new PruneHandler());
  }
}
