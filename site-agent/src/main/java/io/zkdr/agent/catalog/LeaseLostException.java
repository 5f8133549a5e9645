package io.zkdr.agent.catalog;

/**
 * The controllers no longer consider this agent the holder of a job's lease (it expired and the job
 * was leased again, or the job was cancelled). The work must stop without completing.
 */
public final class LeaseLostException extends RuntimeException {
  public LeaseLostException(String jobId, int attempt, String reason) {
    super("lost the lease of job " + jobId + " (attempt " + attempt + "): " + reason);
  }
}
