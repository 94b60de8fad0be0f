import {
  closedOpportunityStages,
  opportunityStages,
  salesforceProfile,
  sugarcrmProfile,
  type Crm,
  type CrmProfile,
} from '@crm-journey/connector';

/** An edit form on a record page: one picklist written through the REST API. */
export interface RecordEdit {
  /** Path segment of the form's POST route, e.g. `stage`. */
  readonly id: string;
  readonly label: string;
  readonly field: string;
  readonly values: readonly string[];
  /** Fields written with the chosen value (a close date when a deal closes, Sugar's case state, ...). */
  readonly alsoWrite: (value: string, today: string) => Readonly<Record<string, string>>;
}

/** How the record browser shows one CRM object. */
export interface BrowserObject {
  /** The CRM's API name: `Opportunity` on Salesforce, `Opportunities` on Sugar. */
  readonly name: string;
  readonly label: string;
  /** Columns of the list, the first being the record's title. */
  readonly columns: readonly string[];
  /** Fields the search box matches (contains). */
  readonly searchFields: readonly string[];
  readonly orderBy: string;
  readonly edits: readonly RecordEdit[];
}

/** Everything CRM-specific about the record browser. */
export interface BrowserCrm {
  readonly crm: Crm;
  readonly title: string;
  readonly idField: string;
  /**
   * The customer root of the journey (Account / Accounts); for the bundled B2B + B2C set both roots,
   * account first (`Account+Contact`, `Accounts+Contacts`), as the panel hosts take them.
   */
  readonly rootObject: string;
  /** The Task field that carries the action key. */
  readonly actionKeyField: string;
  /** The root record's field holding the JourneyState JSON (its key fields decide what the panel may edit). */
  readonly stateField: string;
  readonly objects: readonly BrowserObject[];
}

const closes = (stage: string): boolean =>
  stage === closedOpportunityStages.won || stage === closedOpportunityStages.lost;
/** A picklist's default values, from the connector's profile. */
const picklist = (profile: CrmProfile, object: string, field: string): readonly string[] =>
  profile.objects[object]?.picklists[field] ?? [];
const sf = salesforceProfile;
const sugar = sugarcrmProfile;

/** The Salesforce objects of the record browser, with the bundled B2B journey's fields. */
export const SALESFORCE_BROWSER: BrowserCrm = {
  crm: 'salesforce',
  title: 'Salesforce sandbox',
  idField: sf.idField,
  rootObject: 'Account+Contact',
  actionKeyField: sf.actionKeyField,
  stateField: sf.journeyFields.state,
  objects: [
    {
      name: 'Lead',
      label: 'Leads',
      columns: ['Name', 'Company', 'Status', 'LeadSource', sf.journeyFields.stage],
      searchFields: ['FirstName', 'LastName', 'Company'],
      orderBy: 'LastName',
      edits: [],
    },
    {
      name: 'Contact',
      label: 'Contacts',
      columns: ['Name', 'Title', 'Email', 'AccountId', sf.journeyFields.stage],
      searchFields: ['FirstName', 'LastName', 'Email'],
      orderBy: 'LastName',
      edits: [],
    },
    {
      name: 'Account',
      label: 'Accounts',
      columns: ['Name', 'Industry', 'NumberOfEmployees', 'BillingCountry', sf.journeyFields.stage],
      searchFields: ['Name'],
      orderBy: 'Name',
      edits: [],
    },
    {
      name: 'Opportunity',
      label: 'Opportunities',
      columns: ['Name', 'StageName', 'Amount', 'CloseDate', 'AccountId'],
      searchFields: ['Name'],
      orderBy: 'Name',
      edits: [
        {
          id: 'stage',
          label: 'Move to stage',
          field: 'StageName',
          values: opportunityStages, // the default picklist values, the same on both CRMs
          // Closing a deal in Lightning asks for the close date; today is what a rep enters.
          alsoWrite: (stage, today) => (closes(stage) ? { CloseDate: today } : {}),
        },
      ],
    },
    {
      name: 'Case',
      label: 'Cases',
      columns: ['CaseNumber', 'Subject', 'Status', 'Priority', 'AccountId'],
      searchFields: ['Subject', 'CaseNumber'],
      orderBy: 'CaseNumber',
      edits: [
        {
          id: 'status',
          label: 'Set status',
          field: 'Status',
          values: picklist(sf, 'Case', 'Status'),
          alsoWrite: () => ({}),
        },
      ],
    },
  ],
};

/** The SugarCRM modules of the record browser, with the bundled B2B journey's fields. */
export const SUGAR_BROWSER: BrowserCrm = {
  crm: 'sugarcrm',
  title: 'SugarCRM sandbox',
  idField: sugar.idField,
  rootObject: 'Accounts+Contacts',
  actionKeyField: sugar.actionKeyField,
  stateField: sugar.journeyFields.state,
  objects: [
    {
      name: 'Leads',
      label: 'Leads',
      columns: ['name', 'account_name', 'status', 'lead_source', sugar.journeyFields.stage],
      searchFields: ['first_name', 'last_name', 'account_name'],
      orderBy: 'last_name',
      edits: [],
    },
    {
      name: 'Contacts',
      label: 'Contacts',
      columns: ['name', 'title', 'email1', 'account_id', sugar.journeyFields.stage],
      searchFields: ['first_name', 'last_name', 'email1'],
      orderBy: 'last_name',
      edits: [],
    },
    {
      name: 'Accounts',
      label: 'Accounts',
      columns: ['name', 'industry', 'employees', 'billing_address_country', sugar.journeyFields.stage],
      searchFields: ['name'],
      orderBy: 'name',
      edits: [],
    },
    {
      name: 'Opportunities',
      label: 'Opportunities',
      columns: ['name', 'sales_stage', 'amount', 'date_closed', 'account_id'],
      searchFields: ['name'],
      orderBy: 'name',
      edits: [
        {
          id: 'stage',
          label: 'Move to stage',
          field: 'sales_stage',
          values: opportunityStages, // the default picklist values, the same on both CRMs
          alsoWrite: (stage, today) => (closes(stage) ? { date_closed: today } : {}),
        },
      ],
    },
    {
      name: 'Cases',
      label: 'Cases',
      columns: ['case_number', 'name', 'status', 'priority', 'account_id'],
      searchFields: ['name'],
      orderBy: 'case_number',
      edits: [
        {
          id: 'status',
          label: 'Set status',
          field: 'status',
          values: picklist(sugar, 'Cases', 'status'),
          // Sugar keeps an Open / Closed state beside the status.
          alsoWrite: (status) => ({ state: status === sugar.pipeline.caseStatus.closed ? 'Closed' : 'Open' }),
        },
      ],
    },
  ],
};
