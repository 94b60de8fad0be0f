import type { SugarClient } from './sugar-client.ts';
import type { SugarMetadata } from './sugar-metadata.ts';
import type { SugarReadPlan } from './sugar-read-plan.ts';

/** What a read needs from the connection. */
export interface SugarReadContext {
  readonly client: SugarClient;
  readonly metadata: SugarMetadata;
  readonly plan: SugarReadPlan;
  /**
   * With a set's contact root beside the account root (see `JourneyDefinition.contactRoot`): the plan of
   * the contacts without an account, read as customers of their own.
   */
  readonly contactPlan?: SugarReadPlan | undefined;
  readonly maxNum: number;
  readonly bulkSize: number;
  /** Our clock, when the instance does not tell its own (see `sugarServerTime`). */
  readonly now: () => number;
  /** Subtracted from the read's start to make the next watermark. */
  readonly watermarkMarginMs: number;
}
