package io.zkdr.controller.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reply Raft carries back to the submitter: either the value the command produced, or the
 * rejection code and message.
 *
 * @param ok whether the command was applied
 * @param code rejection code when not ok
 * @param message rejection message when not ok
 * @param value the produced entity (may be null) when ok
 * @param index Raft log index of the command
 */
public record ApplyResult(
    boolean ok, RejectionCode code, String message, JsonNode value, long index) {
  static ApplyResult applied(JsonNode value, long index) {
    return new ApplyResult(true, null, null, value, index);
  }

  static ApplyResult rejected(Rejection r, long index) {
    return new ApplyResult(false, r.code(), r.getMessage(), null, index);
  }
}
