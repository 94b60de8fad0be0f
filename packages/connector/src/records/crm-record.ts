/** A record as a CRM's REST API returns it: a loose map keyed by field name. */
export type CrmRecord = Readonly<Record<string, unknown>>;
