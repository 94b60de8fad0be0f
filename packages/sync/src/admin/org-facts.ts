// What `crm-journey init` reads from an org to write a starting journey: the opportunity stages with
// their probabilities and closed/won flags, the lead and case statuses and the record types.
import { closedOpportunityStages, crmProfile, type Crm } from '@crm-journey/connector';
import type { SalesforceAdminApi } from '@crm-journey/connector/salesforce';
import type { SugarAdminApi } from '@crm-journey/connector/sugarcrm';

/** One opportunity stage, in the org's sort order. */
export interface StageFact {
  readonly value: string;
  readonly label: string;
  /** The default probability in percent; undefined when the source does not say. */
  readonly probability: number | undefined;
  readonly closed: boolean;
  readonly won: boolean;
}

/** A picklist value with whether it is the default for new records. */
export interface StatusFact {
  readonly value: string;
  readonly isDefault: boolean;
}

/** The org's facts a starting journey is built from. */
export interface OrgFacts {
  readonly crm: Crm;
  /** Where they came from, for the file's header. */
  readonly source: string;
  readonly stages: readonly StageFact[];
  readonly leadStatuses: readonly StatusFact[];
  readonly caseStatuses: readonly string[];
  /** Active record types other than the master one, by object. */
  readonly recordTypes: Readonly<Record<string, readonly string[]>>;
  /** What the source could not tell, said in the file. */
  readonly notes: readonly string[];
}

/** The objects and fields of the facts, per CRM. */
export const FACT_FIELDS = {
  salesforce: {
    root: 'Account',
    deal: 'Opportunity',
    stage: 'StageName',
    closeDate: 'CloseDate',
    lead: 'Lead',
    leadStatus: 'Status',
    case: 'Case',
    caseStatus: 'Status',
    task: 'Task',
    taskStatus: 'Status',
    meeting: 'Event',
  },
  sugarcrm: {
    root: 'Accounts',
    deal: 'Opportunities',
    stage: 'sales_stage',
    closeDate: 'date_closed',
    lead: 'Leads',
    leadStatus: 'status',
    case: 'Cases',
    caseStatus: 'status',
    task: 'Tasks',
    taskStatus: 'status',
    meeting: 'Meetings',
  },
} as const;

// Sugar derives sales_status from these two keys of sales_stage_dom; its dropdown has no closed/won flags.
const { won: SUGAR_WON, lost: SUGAR_LOST } = closedOpportunityStages;

/** The facts of a new org: the default picklists of the bundled profile, no probabilities, no record types. */
export function defaultOrgFacts(crm: Crm): OrgFacts {
  const names = FACT_FIELDS[crm];
  const objects = crmProfile(crm).objects;
  const picklist = (object: string, field: string): readonly string[] => objects[object]?.picklists[field] ?? [];
  return {
    crm,
    source: `the default ${crm === 'salesforce' ? 'Salesforce' : 'SugarCRM'} picklists (offline)`,
    stages: picklist(names.deal, names.stage).map((value) => ({
      value,
      label: value,
      probability: undefined,
      closed: value === SUGAR_WON || value === SUGAR_LOST,
      won: value === SUGAR_WON,
    })),
    leadStatuses: picklist(names.lead, names.leadStatus).map((value, index) => ({ value, isDefault: index === 0 })),
    caseStatuses: picklist(names.case, names.caseStatus),
    recordTypes: {},
    notes: [
      `Offline: the default stage names; closed/won taken from "${SUGAR_WON}"/"${SUGAR_LOST}". Run init against the org for its own values.`,
    ],
  };
}

/** Reads the facts of a Salesforce org: OpportunityStage rows, Lead and Case describes, record types. */
export async function readSalesforceFacts(org: SalesforceAdminApi): Promise<OrgFacts> {
  const rows = await org.query<{
    MasterLabel: string;
    ApiName: string;
    DefaultProbability: number | null;
    IsClosed: boolean;
    IsWon: boolean;
  }>(
    'SELECT MasterLabel, ApiName, DefaultProbability, IsClosed, IsWon, SortOrder FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder',
    'reading the opportunity stages',
  );
  const statuses = async (object: string): Promise<StatusFact[]> => {
    const field = (await org.describe(object))?.fields.find((candidate) => candidate.name === 'Status');
    return (field?.picklistValues ?? [])
      .filter((value) => value.active)
      .map((value) => ({ value: value.value, isDefault: value.defaultValue === true }));
  };
  const recordTypes: Record<string, string[]> = {};
  for (const object of ['Account', 'Opportunity', 'Lead', 'Case']) {
    const infos = (await org.describe(object))?.recordTypeInfos ?? [];
    const names = infos.filter((info) => info.master !== true && info.active !== false).map((info) => info.name);
    if (names.length > 0) recordTypes[object] = names;
  }
  return {
    crm: 'salesforce',
    source: `the Salesforce org ${org.instanceUrl}`,
    stages: rows.map((row) => ({
      value: row.ApiName,
      label: row.MasterLabel,
      probability: row.DefaultProbability ?? undefined,
      closed: row.IsClosed,
      won: row.IsWon,
    })),
    leadStatuses: await statuses('Lead'),
    caseStatuses: (await statuses('Case')).map((status) => status.value),
    recordTypes,
    notes: [],
  };
}

/** Reads the facts of a Sugar instance: sales_stage_dom with sales_probability_dom, lead and case statuses. */
export async function readSugarFacts(sugar: SugarAdminApi): Promise<OrgFacts> {
  const [modules, dropdowns] = [await sugar.modules(), await sugar.dropdowns()];
  const names = FACT_FIELDS.sugarcrm;
  const picklist = (module: string, field: string): readonly string[] => modules.get(module)?.picklists[field] ?? [];
  const labels = dropdowns['sales_stage_dom'] ?? {};
  const probabilities = dropdowns['sales_probability_dom'] ?? {};
  return {
    crm: 'sugarcrm',
    source: `the SugarCRM instance ${sugar.url}`,
    stages: picklist(names.deal, names.stage).map((value) => {
      const probability = Number(probabilities[value]);
      return {
        value,
        label: labels[value] ?? value,
        probability: probabilities[value] === undefined || Number.isNaN(probability) ? undefined : probability,
        closed: value === SUGAR_WON || value === SUGAR_LOST,
        won: value === SUGAR_WON,
      };
    }),
    leadStatuses: picklist(names.lead, names.leadStatus).map((value, index) => ({ value, isDefault: index === 0 })),
    caseStatuses: picklist(names.case, names.caseStatus),
    recordTypes: {},
    notes: [`SugarCRM has no record types; closed/won follow Sugar's "${SUGAR_WON}"/"${SUGAR_LOST}" sales stages.`],
  };
}
