import type { Crm } from '../journey/journey-schema.ts';

/** The kinds of field the journey needs to tell apart. */
export type FieldType = 'id' | 'string' | 'picklist' | 'boolean' | 'number' | 'date' | 'datetime';

/** How a record points at a record that leads to the customer: a field, optionally only for one parent type. */
export interface LinkRule {
  readonly field: string;
  /** For polymorphic parents (Sugar `parent_type`): the type field and the value it must have. */
  readonly typeField?: string;
  readonly typeValue?: string;
}

/** What the engine knows about one standard CRM object. */
export interface ObjectProfile {
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Default picklist values of a new org / instance; real orgs are checked with `--org`. */
  readonly picklists: Readonly<Record<string, readonly string[]>>;
  /** Fields whose value is a root record id, or the id of a record already placed on a customer. */
  readonly links: Readonly<Partial<Record<'Account' | 'Contact', readonly LinkRule[]>>>;
  readonly role: 'customer' | 'record' | 'activity' | 'history';
}

/** What the engine knows about a CRM: its objects and the names of its standard fields. */
export interface CrmProfile {
  readonly crm: Crm;
  readonly objects: Readonly<Record<string, ObjectProfile>>;
  readonly idField: string;
  readonly createdField: string;
  readonly modifiedField: string;
  readonly ownerField: string;
  /** Lead object and how conversion shows on it. */
  readonly lead: { readonly object: string; readonly convertedField: string };
  /** Activity objects that carry the action key, per action type. */
  readonly activityObjects: {
    readonly task: string;
    readonly call: string;
    readonly meeting: string;
    readonly email: string;
  };
  /** The activity field holding the journey action key. */
  readonly actionKeyField: string;
  /** The journey fields on the customer root. */
  readonly journeyFields: { readonly stage: string; readonly enteredAt: string; readonly state: string };
}

const journeyFieldsSf = {
  Journey_Stage__c: 'string',
  Journey_Stage_Entered__c: 'datetime',
  Journey_State__c: 'string',
} as const;
const auditSf = {
  Id: 'id',
  CreatedDate: 'datetime',
  LastModifiedDate: 'datetime',
  SystemModstamp: 'datetime',
  OwnerId: 'id',
  IsDeleted: 'boolean',
} as const;
const industries = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other',
];
const sfOpportunityStages = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];

/** Salesforce standard objects, fields and default picklist values (API v62 and later). */
export const salesforceProfile: CrmProfile = {
  crm: 'salesforce',
  idField: 'Id',
  createdField: 'CreatedDate',
  modifiedField: 'SystemModstamp',
  ownerField: 'OwnerId',
  lead: { object: 'Lead', convertedField: 'IsConverted' },
  activityObjects: { task: 'Task', call: 'Task', meeting: 'Event', email: 'Task' },
  actionKeyField: 'Journey_Action_Key__c',
  journeyFields: { stage: 'Journey_Stage__c', enteredAt: 'Journey_Stage_Entered__c', state: 'Journey_State__c' },
  objects: {
    Account: {
      name: 'Account',
      role: 'customer',
      fields: {
        ...auditSf,
        ...journeyFieldsSf,
        Name: 'string',
        Type: 'picklist',
        Industry: 'picklist',
        AnnualRevenue: 'number',
        NumberOfEmployees: 'number',
        BillingCountry: 'string',
        BillingState: 'string',
        BillingCity: 'string',
        Rating: 'picklist',
        ParentId: 'id',
        Website: 'string',
        Phone: 'string',
        AccountSource: 'picklist',
        Description: 'string',
        LastActivityDate: 'date',
      },
      picklists: {
        Type: [
          'Prospect',
          'Customer - Direct',
          'Customer - Channel',
          'Channel Partner / Reseller',
          'Installation Partner',
          'Technology Partner',
          'Other',
        ],
        Industry: industries,
        Rating: ['Hot', 'Warm', 'Cold'],
        AccountSource: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'],
      },
      links: { Account: [{ field: 'Id' }] },
    },
    Contact: {
      name: 'Contact',
      role: 'record',
      fields: {
        ...auditSf,
        ...journeyFieldsSf,
        AccountId: 'id',
        FirstName: 'string',
        LastName: 'string',
        Name: 'string',
        Email: 'string',
        Phone: 'string',
        Title: 'string',
        Department: 'string',
        LeadSource: 'picklist',
        MailingCountry: 'string',
        Birthdate: 'date',
        HasOptedOutOfEmail: 'boolean',
        LastActivityDate: 'date',
      },
      picklists: { LeadSource: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] },
      links: { Account: [{ field: 'AccountId' }], Contact: [{ field: 'Id' }] },
    },
    Lead: {
      name: 'Lead',
      role: 'record',
      fields: {
        ...auditSf,
        ...journeyFieldsSf,
        FirstName: 'string',
        LastName: 'string',
        Name: 'string',
        Company: 'string',
        Email: 'string',
        Phone: 'string',
        Title: 'string',
        Status: 'picklist',
        LeadSource: 'picklist',
        Industry: 'picklist',
        Rating: 'picklist',
        AnnualRevenue: 'number',
        NumberOfEmployees: 'number',
        Country: 'string',
        IsConverted: 'boolean',
        ConvertedDate: 'date',
        ConvertedAccountId: 'id',
        ConvertedContactId: 'id',
        ConvertedOpportunityId: 'id',
        LastActivityDate: 'date',
      },
      picklists: {
        Status: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'],
        LeadSource: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'],
        Industry: industries,
        Rating: ['Hot', 'Warm', 'Cold'],
      },
      links: { Account: [{ field: 'ConvertedAccountId' }], Contact: [{ field: 'ConvertedContactId' }] },
    },
    Opportunity: {
      name: 'Opportunity',
      role: 'record',
      fields: {
        ...auditSf,
        AccountId: 'id',
        ContactId: 'id',
        Name: 'string',
        StageName: 'picklist',
        Amount: 'number',
        Probability: 'number',
        CloseDate: 'date',
        Type: 'picklist',
        LeadSource: 'picklist',
        IsClosed: 'boolean',
        IsWon: 'boolean',
        ForecastCategoryName: 'picklist',
        NextStep: 'string',
        Description: 'string',
        LastActivityDate: 'date',
      },
      picklists: {
        StageName: sfOpportunityStages,
        Type: [
          'Existing Customer - Upgrade',
          'Existing Customer - Replacement',
          'Existing Customer - Downgrade',
          'New Customer',
        ],
        ForecastCategoryName: ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'],
        LeadSource: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'],
      },
      links: { Account: [{ field: 'AccountId' }], Contact: [{ field: 'ContactId' }] },
    },
    Case: {
      name: 'Case',
      role: 'record',
      fields: {
        ...auditSf,
        AccountId: 'id',
        ContactId: 'id',
        CaseNumber: 'string',
        Subject: 'string',
        Status: 'picklist',
        Priority: 'picklist',
        Origin: 'picklist',
        Type: 'picklist',
        Reason: 'picklist',
        IsClosed: 'boolean',
        IsEscalated: 'boolean',
        ClosedDate: 'datetime',
        Description: 'string',
      },
      picklists: {
        Status: ['New', 'Working', 'Escalated', 'Closed'],
        Priority: ['High', 'Medium', 'Low'],
        Origin: ['Phone', 'Email', 'Web'],
        Type: ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other'],
        Reason: [
          'Installation',
          'Equipment Complexity',
          'Performance',
          'Breakdown',
          'Equipment Design',
          'Feedback',
          'Other',
        ],
      },
      links: { Account: [{ field: 'AccountId' }], Contact: [{ field: 'ContactId' }] },
    },
    Task: {
      name: 'Task',
      role: 'activity',
      fields: {
        ...auditSf,
        WhoId: 'id',
        WhatId: 'id',
        AccountId: 'id',
        Subject: 'string',
        Status: 'picklist',
        Priority: 'picklist',
        ActivityDate: 'date',
        IsClosed: 'boolean',
        TaskSubtype: 'picklist',
        Type: 'picklist',
        CallType: 'picklist',
        CallDisposition: 'string',
        CallDurationInSeconds: 'number',
        Description: 'string',
        CompletedDateTime: 'datetime',
        Journey_Action_Key__c: 'string',
      },
      picklists: {
        Status: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
        Priority: ['High', 'Normal', 'Low'],
        TaskSubtype: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'],
        Type: ['Call', 'Email', 'Meeting', 'Other'],
        CallType: ['Internal', 'Inbound', 'Outbound'],
      },
      links: {
        Account: [{ field: 'AccountId' }, { field: 'WhatId' }, { field: 'WhoId' }],
        Contact: [{ field: 'WhoId' }, { field: 'WhatId' }],
      },
    },
    Event: {
      name: 'Event',
      role: 'activity',
      fields: {
        ...auditSf,
        WhoId: 'id',
        WhatId: 'id',
        AccountId: 'id',
        Subject: 'string',
        StartDateTime: 'datetime',
        EndDateTime: 'datetime',
        ActivityDate: 'date',
        ActivityDateTime: 'datetime',
        Location: 'string',
        Type: 'picklist',
        EventSubtype: 'picklist',
        DurationInMinutes: 'number',
        Description: 'string',
        Journey_Action_Key__c: 'string',
      },
      picklists: { Type: ['Call', 'Email', 'Meeting', 'Other'], EventSubtype: ['Event'] },
      links: {
        Account: [{ field: 'AccountId' }, { field: 'WhatId' }, { field: 'WhoId' }],
        Contact: [{ field: 'WhoId' }, { field: 'WhatId' }],
      },
    },
    OpportunityHistory: {
      name: 'OpportunityHistory',
      role: 'history',
      fields: {
        Id: 'id',
        OpportunityId: 'id',
        StageName: 'picklist',
        Amount: 'number',
        CloseDate: 'date',
        Probability: 'number',
        ForecastCategory: 'picklist',
        CreatedDate: 'datetime',
        CreatedById: 'id',
        SystemModstamp: 'datetime',
        IsDeleted: 'boolean',
      },
      picklists: { StageName: sfOpportunityStages },
      links: { Account: [{ field: 'OpportunityId' }], Contact: [{ field: 'OpportunityId' }] },
    },
    LeadHistory: {
      name: 'LeadHistory',
      role: 'history',
      fields: {
        Id: 'id',
        LeadId: 'id',
        Field: 'string',
        OldValue: 'string',
        NewValue: 'string',
        CreatedDate: 'datetime',
        CreatedById: 'id',
        IsDeleted: 'boolean',
      },
      picklists: {},
      links: { Account: [{ field: 'LeadId' }], Contact: [{ field: 'LeadId' }] },
    },
  },
};

const journeyFieldsSugar = {
  journey_stage_c: 'string',
  journey_stage_entered_c: 'datetime',
  journey_state_c: 'string',
} as const;
const auditSugar = {
  id: 'id',
  date_entered: 'datetime',
  date_modified: 'datetime',
  assigned_user_id: 'id',
  created_by: 'id',
  deleted: 'boolean',
  description: 'string',
} as const;
const sugarParent = (type: string): LinkRule => ({ field: 'parent_id', typeField: 'parent_type', typeValue: type });
const sugarActivityLinks = {
  Account: [
    sugarParent('Accounts'),
    sugarParent('Contacts'),
    sugarParent('Opportunities'),
    sugarParent('Cases'),
    sugarParent('Leads'),
    { field: 'contact_id' },
  ],
  Contact: [
    sugarParent('Contacts'),
    sugarParent('Cases'),
    sugarParent('Leads'),
    sugarParent('Opportunities'),
    { field: 'contact_id' },
  ],
};
const sugarSalesStages = sfOpportunityStages;

/** SugarCRM standard modules, fields and default dropdown values (REST v11, Sugar 13+). */
export const sugarcrmProfile: CrmProfile = {
  crm: 'sugarcrm',
  idField: 'id',
  createdField: 'date_entered',
  modifiedField: 'date_modified',
  ownerField: 'assigned_user_id',
  lead: { object: 'Leads', convertedField: 'converted' },
  activityObjects: { task: 'Tasks', call: 'Calls', meeting: 'Meetings', email: 'Tasks' },
  actionKeyField: 'journey_action_key_c',
  journeyFields: { stage: 'journey_stage_c', enteredAt: 'journey_stage_entered_c', state: 'journey_state_c' },
  objects: {
    Accounts: {
      name: 'Accounts',
      role: 'customer',
      fields: {
        ...auditSugar,
        ...journeyFieldsSugar,
        name: 'string',
        account_type: 'picklist',
        industry: 'picklist',
        annual_revenue: 'string',
        employees: 'string',
        billing_address_country: 'string',
        billing_address_city: 'string',
        rating: 'string',
        website: 'string',
        phone_office: 'string',
        parent_id: 'id',
      },
      picklists: {
        account_type: [
          'Analyst',
          'Competitor',
          'Customer',
          'Integrator',
          'Investor',
          'Partner',
          'Press',
          'Prospect',
          'Reseller',
          'Other',
        ],
        industry: industries,
      },
      links: { Account: [{ field: 'id' }] },
    },
    Contacts: {
      name: 'Contacts',
      role: 'record',
      fields: {
        ...auditSugar,
        ...journeyFieldsSugar,
        first_name: 'string',
        last_name: 'string',
        name: 'string',
        email1: 'string',
        phone_work: 'string',
        title: 'string',
        department: 'string',
        lead_source: 'picklist',
        account_id: 'id',
        primary_address_country: 'string',
        birthdate: 'date',
        do_not_call: 'boolean',
      },
      picklists: {
        lead_source: [
          'Cold Call',
          'Existing Customer',
          'Self Generated',
          'Employee',
          'Partner',
          'Public Relations',
          'Direct Mail',
          'Conference',
          'Trade Show',
          'Web Site',
          'Word of mouth',
          'Email',
          'Campaign',
          'Support Portal User Registration',
          'Other',
        ],
      },
      links: { Account: [{ field: 'account_id' }], Contact: [{ field: 'id' }] },
    },
    Leads: {
      name: 'Leads',
      role: 'record',
      fields: {
        ...auditSugar,
        ...journeyFieldsSugar,
        first_name: 'string',
        last_name: 'string',
        name: 'string',
        account_name: 'string',
        email1: 'string',
        phone_work: 'string',
        title: 'string',
        status: 'picklist',
        lead_source: 'picklist',
        converted: 'boolean',
        account_id: 'id',
        contact_id: 'id',
        opportunity_id: 'id',
        primary_address_country: 'string',
      },
      picklists: {
        status: ['New', 'Assigned', 'In Process', 'Converted', 'Recycled', 'Dead'],
        lead_source: [
          'Cold Call',
          'Existing Customer',
          'Self Generated',
          'Employee',
          'Partner',
          'Public Relations',
          'Direct Mail',
          'Conference',
          'Trade Show',
          'Web Site',
          'Word of mouth',
          'Email',
          'Campaign',
          'Support Portal User Registration',
          'Other',
        ],
      },
      links: { Account: [{ field: 'account_id' }], Contact: [{ field: 'contact_id' }] },
    },
    Opportunities: {
      name: 'Opportunities',
      role: 'record',
      fields: {
        ...auditSugar,
        name: 'string',
        account_id: 'id',
        sales_stage: 'picklist',
        sales_status: 'picklist',
        amount: 'number',
        probability: 'number',
        date_closed: 'date',
        opportunity_type: 'picklist',
        lead_source: 'picklist',
        next_step: 'string',
      },
      picklists: {
        sales_stage: sugarSalesStages,
        sales_status: ['New', 'In Progress', 'Closed Won', 'Closed Lost'],
        opportunity_type: ['Existing Business', 'New Business'],
      },
      links: { Account: [{ field: 'account_id' }], Contact: [{ field: 'contact_id' }] },
    },
    Cases: {
      name: 'Cases',
      role: 'record',
      fields: {
        ...auditSugar,
        name: 'string',
        case_number: 'number',
        account_id: 'id',
        primary_contact_id: 'id',
        status: 'picklist',
        priority: 'picklist',
        type: 'picklist',
        source: 'picklist',
        state: 'picklist',
        resolution: 'string',
      },
      picklists: {
        status: ['New', 'Assigned', 'Closed', 'Pending Input', 'Rejected', 'Duplicate'],
        priority: ['P1', 'P2', 'P3'],
        type: ['Administration', 'Product', 'User'],
        source: ['Internal', 'Forum', 'Web', 'InboundEmail', 'Twitter', 'Portal'],
        state: ['Open', 'Closed'],
      },
      links: { Account: [{ field: 'account_id' }], Contact: [{ field: 'primary_contact_id' }] },
    },
    Tasks: {
      name: 'Tasks',
      role: 'activity',
      fields: {
        ...auditSugar,
        name: 'string',
        status: 'picklist',
        priority: 'picklist',
        date_due: 'datetime',
        date_start: 'datetime',
        parent_type: 'string',
        parent_id: 'id',
        contact_id: 'id',
        journey_action_key_c: 'string',
      },
      picklists: {
        status: ['Not Started', 'In Progress', 'Completed', 'Pending Input', 'Deferred'],
        priority: ['High', 'Medium', 'Low'],
      },
      links: sugarActivityLinks,
    },
    Calls: {
      name: 'Calls',
      role: 'activity',
      fields: {
        ...auditSugar,
        name: 'string',
        status: 'picklist',
        direction: 'picklist',
        date_start: 'datetime',
        date_end: 'datetime',
        duration_hours: 'number',
        duration_minutes: 'number',
        parent_type: 'string',
        parent_id: 'id',
        contact_id: 'id',
        journey_action_key_c: 'string',
      },
      picklists: { status: ['Planned', 'Held', 'Not Held'], direction: ['Inbound', 'Outbound'] },
      links: sugarActivityLinks,
    },
    Meetings: {
      name: 'Meetings',
      role: 'activity',
      fields: {
        ...auditSugar,
        name: 'string',
        status: 'picklist',
        date_start: 'datetime',
        date_end: 'datetime',
        location: 'string',
        parent_type: 'string',
        parent_id: 'id',
        journey_action_key_c: 'string',
      },
      picklists: { status: ['Planned', 'Held', 'Not Held'] },
      links: sugarActivityLinks,
    },
  },
};

/** The profile of a CRM. */
export function crmProfile(crm: Crm): CrmProfile {
  return crm === 'salesforce' ? salesforceProfile : sugarcrmProfile;
}

/** True for custom objects and fields, which the bundled catalogue cannot know. */
export function isCustomName(crm: Crm, name: string): boolean {
  return crm === 'salesforce' ? name.endsWith('__c') || name.endsWith('__r') : name.endsWith('_c');
}
