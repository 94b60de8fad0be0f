import { closedOpportunityStages } from './default-picklists.ts';

const { won, lost } = closedOpportunityStages;
const IN_PROGRESS = 'In Progress';

/** Sugar's `sales_status` dropdown (opportunities with revenue line items). */
export const sugarSalesStatuses = ['New', IN_PROGRESS, won, lost] as const;

/** The `sales_status` Sugar rolls up beside `sales_stage`: a closing stage itself, any other `In Progress`. */
export function sugarSalesStatus(stage: unknown): string {
  return stage === won || stage === lost ? stage : IN_PROGRESS;
}
