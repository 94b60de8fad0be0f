/** Default industry values, the same list on both CRMs. */
export const industries = [
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
/** Default open opportunity stages in pipeline order, the same on both CRMs. */
export const openOpportunityStages = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
];
/** The default stages that close a deal, won and lost, the same on both CRMs. */
export const closedOpportunityStages = { won: 'Closed Won', lost: 'Closed Lost' } as const;
/** Default opportunity stages, the same list on both CRMs. */
export const opportunityStages = [...openOpportunityStages, closedOpportunityStages.won, closedOpportunityStages.lost];
