package io.zkdr.agent.restore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a restore into a live tree changed, or would change in a dry run.
 *
 * @param created znodes created
 * @param updated existing znodes whose data or ACL were replaced
 * @param deleted znodes removed
 * @param skipped existing, different znodes left as they were ({@code onConflict=skip})
 * @param unchanged existing znodes already equal to the backup
 */
public record TreeChanges(long created, long updated, long deleted, long skipped, long unchanged) {

  /** The counts as job result fields. */
  public Map<String, String> asResult() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("created", Long.toString(created));
    r.put("updated", Long.toString(updated));
    r.put("deleted", Long.toString(deleted));
    r.put("skipped", Long.toString(skipped));
    r.put("unchanged", Long.toString(unchanged));
    return r;
  }
}
