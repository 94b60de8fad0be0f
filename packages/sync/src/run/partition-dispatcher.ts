import type { WriteSummary } from '@crm-journey/connector';

/**
 * Hands a run's outbox batches to other workers instead of writing them in the run's own process (a
 * fleet on a shared store). The run keeps reading and evaluating; its watermark moves only after
 * `settle` confirmed every batch it sent.
 */
export interface PartitionDispatcher {
  /** Makes the queued batch `batchId` a partition any worker can take; sending one twice is harmless. */
  send(batchId: number): Promise<void>;
  /**
   * Waits until every batch sent since the last `settle` is confirmed, and sums what the workers wrote
   * for them. Rejects when a
   * partition gave up (its retries spent): the run then fails and its watermark stays.
   */
  settle(): Promise<WriteSummary>;
}
