import { z } from 'zod';

/** Which CRM the journey is written for. */
export const CrmSchema = z
  .enum(['salesforce', 'sugarcrm'])
  .describe('The CRM whose object and field names the file uses.');
/** `salesforce` or `sugarcrm`. */
export type Crm = z.infer<typeof CrmSchema>;
