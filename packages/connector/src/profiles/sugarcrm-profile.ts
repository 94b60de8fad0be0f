import type { CrmProfile, LinkRule, PipelineValues } from './crm-profile.ts';
import { industries, opportunityStages } from './default-picklists.ts';
import { sugarSalesStatuses } from './sugar-sales-status.ts';

// The product's own fields: the journey fields on customer roots, the action key on activities.
const journeyFieldNamesSugar = {
  stage: 'journey_stage_c',
  enteredAt: 'journey_stage_entered_c',
  state: 'journey_state_c',
} as const;
const actionKeySugar = 'journey_action_key_c';
const journeyFieldsSugar = {
  [journeyFieldNamesSugar.stage]: 'string',
  [journeyFieldNamesSugar.enteredAt]: 'datetime',
  [journeyFieldNamesSugar.state]: 'string',
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

// The sales_probability_dom dependency: Sugar's default probability of each sales stage.
const stageProbabilitySugar = {
  Prospecting: 10,
  Qualification: 20,
  'Needs Analysis': 25,
  'Value Proposition': 30,
  'Id. Decision Makers': 40,
  'Perception Analysis': 50,
  'Proposal/Price Quote': 65,
  'Negotiation/Review': 80,
  'Closed Won': 100,
  'Closed Lost': 0,
};
const leadSourcesSugar = [
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
];
const leadStatus = { new: 'New', working: 'In Process', converted: 'Converted', dropped: 'Dead' } as const;
// Sugar has no escalated status: a case being worked is Assigned.
const caseStatus = { new: 'New', working: 'Assigned', escalated: undefined, closed: 'Closed' } as const;
const taskStatus = { open: 'Not Started', done: 'Completed' } as const;
const pipelineSugar: PipelineValues = { stageProbability: stageProbabilitySugar, leadStatus, caseStatus, taskStatus };

/** SugarCRM standard modules, fields and default dropdown values (REST v11, Sugar 13+). */
export const sugarcrmProfile: CrmProfile = {
  crm: 'sugarcrm',
  idField: 'id',
  createdField: 'date_entered',
  modifiedField: 'date_modified',
  ownerField: 'assigned_user_id',
  lead: { object: 'Leads', convertedField: 'converted' },
  activityObjects: { task: 'Tasks', call: 'Calls', meeting: 'Meetings', email: 'Tasks' },
  actionKeyField: actionKeySugar,
  subjectField: 'name',
  activityClosed: {
    // Calls and meetings are done once held (or not held); tasks once completed.
    default: { status: { field: 'status', values: ['Held', 'Not Held'] } },
    byObject: { Tasks: { status: { field: 'status', values: ['Completed'] } } },
  },
  customerRoots: ['Accounts', 'Contacts'],
  journeyFields: journeyFieldNamesSugar,
  pipeline: pipelineSugar,
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
        lead_source: leadSourcesSugar,
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
        status: [leadStatus.new, 'Assigned', leadStatus.working, leadStatus.converted, 'Recycled', leadStatus.dropped],
        lead_source: leadSourcesSugar,
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
        sales_stage: opportunityStages,
        sales_status: sugarSalesStatuses,
        opportunity_type: ['Existing Business', 'New Business'],
      },
      // Sugar links opportunities to contacts many-to-many (no contact_id field): B2C journeys on
      // Sugar reach opportunities through the account, or through customer.links on a custom field.
      links: { Account: [{ field: 'account_id' }] },
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
        status: [caseStatus.new, caseStatus.working, caseStatus.closed, 'Pending Input', 'Rejected', 'Duplicate'],
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
        [actionKeySugar]: 'string',
      },
      picklists: {
        status: [taskStatus.open, 'In Progress', taskStatus.done, 'Pending Input', 'Deferred'],
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
        [actionKeySugar]: 'string',
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
        [actionKeySugar]: 'string',
      },
      picklists: { status: ['Planned', 'Held', 'Not Held'] },
      links: sugarActivityLinks,
    },
  },
};

/** The profile of a CRM. */
