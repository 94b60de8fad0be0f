// Sorts the requests a sandbox served into the kinds a CRM bills or limits separately.
import type { RequestLogEntry } from '@crm-journey/sandbox';

/** What one request was for. */
export type RequestKind = 'auth' | 'describe' | 'pages' | 'audit' | 'bulk' | 'writes' | 'other';

/** Column labels of the kinds, in table order. */
export const REQUEST_KIND_LABELS: Readonly<Record<RequestKind, string>> = {
  auth: 'Auth',
  describe: 'Describe / metadata',
  pages: 'Query / filter pages',
  audit: 'Audit / history',
  bulk: 'Sugar /bulk',
  writes: 'Writes',
  other: 'Other',
};

/** The kind of a Salesforce REST request (history is read with SOQL, so it counts as query pages). */
export function salesforceRequestKind({ method, path }: Pick<RequestLogEntry, 'method' | 'path'>): RequestKind {
  if (path.startsWith('/services/oauth2/')) return 'auth';
  if (/\/(query|queryAll)(\/|$)/.test(path)) return 'pages';
  // Bulk API 2.0: query jobs and their results are reads, ingest jobs writes.
  if (path.includes('/jobs/query')) return 'pages';
  if (path.includes('/jobs/ingest')) return 'writes';
  if (/\/composite(\/|$)/.test(path) || (method !== 'GET' && path.includes('/sobjects/'))) return 'writes';
  if (path.includes('/sobjects') || path.endsWith('/limits') || /\/services\/data\/?(v[\d.]+\/?)?$/.test(path))
    return 'describe';
  return 'other';
}

/** The kind of a SugarCRM REST request; `/bulk` carries reads and writes alike, so it is its own kind. */
export function sugarRequestKind({ method, path }: Pick<RequestLogEntry, 'method' | 'path'>): RequestKind {
  if (path.includes('/oauth2/')) return 'auth';
  if (path.endsWith('/bulk')) return 'bulk';
  if (path.endsWith('/filter')) return 'pages';
  if (path.endsWith('/audit')) return 'audit';
  if (/\/(metadata|me|ping|serverinfo)(\/|$)/.test(path)) return 'describe';
  return method === 'GET' ? 'other' : 'writes';
}

/** Requests per kind. */
export function countKinds(
  requests: readonly Pick<RequestLogEntry, 'method' | 'path'>[],
  kindOf: (request: Pick<RequestLogEntry, 'method' | 'path'>) => RequestKind,
): Map<RequestKind, number> {
  const counts = new Map<RequestKind, number>();
  for (const request of requests) {
    const kind = kindOf(request);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}
