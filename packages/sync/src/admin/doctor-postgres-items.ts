import { createRequire } from 'node:module';
import { redactDatabaseUrl } from '../state/postgres-sync-store.ts';
import type { DoctorItem } from './doctor-item.ts';

/** The job schema version the installed pg-boss creates and migrates to (its own CLI reads it the same way). */
export function pgBossSchemaVersion(): number | undefined {
  try {
    const manifest = createRequire(import.meta.url)('pg-boss/package.json') as { pgboss?: { schema?: unknown } };
    return typeof manifest.pgboss?.schema === 'number' ? manifest.pgboss.schema : undefined;
  } catch {
    return undefined;
  }
}

/** Why a connection failed, and what to do, from the server's or the socket's error code. */
export function unreachableItem(url: string, error: unknown): DoctorItem {
  const where = redactDatabaseUrl(url);
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const database = decodeURIComponent(parsed?.pathname.slice(1) ?? '') || '(the user name)';
  const fix =
    code === 'ECONNREFUSED'
      ? `Nothing listens at ${parsed?.hostname ?? '?'}:${parsed?.port || '5432'}: start PostgreSQL, or fix the host and port in --store.`
      : code === '3D000'
        ? `Create the database (\`createdb ${database}\`, or CREATE DATABASE ${database}), or fix its name in --store.`
        : code === '28P01' || code === '28000'
          ? 'Check the user and the password in --store (or PGPASSWORD), and pg_hba.conf for this host.'
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? `The host ${parsed?.hostname ?? '?'} does not resolve: fix it in --store.`
            : 'Check the URL in --store (postgres://user:password@host:5432/database) and that the server answers.';
  return {
    id: 'store-reachable',
    title: 'Store database',
    status: 'fail',
    detail: `${where}: ${message}${typeof code === 'string' ? ` (${code})` : ''}.`,
    fix,
  };
}

/** A version against the one this build migrates to: current, migratable (the next node to start does it), or newer. */
export function versionItem(
  id: string,
  title: string,
  found: number | Error | undefined,
  latest: number | undefined,
  canCreate: boolean,
  grant: string,
): DoctorItem {
  if (found instanceof Error)
    return {
      id,
      title,
      status: 'unknown',
      detail: `could not check: ${found.message}.`,
      fix: 'Grant this user the store’s permissions (see Store permissions).',
    };
  if (found === undefined)
    return canCreate
      ? { id, title, status: 'pass', detail: 'not created yet; the first node to start creates it.' }
      : {
          id,
          title,
          status: 'fail',
          detail: 'not created yet, and this user may not create it.',
          fix: `${grant} (once; the first node creates the schema), or let an owner start the first node.`,
        };
  if (latest === undefined) return { id, title, status: 'pass', detail: `version ${found}.` };
  if (found === latest) return { id, title, status: 'pass', detail: `version ${found}, current.` };
  if (found < latest)
    return canCreate
      ? {
          id,
          title,
          status: 'pass',
          detail: `version ${found}, migratable to ${latest}: the next node to start migrates it.`,
        }
      : {
          id,
          title,
          status: 'fail',
          detail: `version ${found} needs the migration to ${latest}, and this user may not create tables.`,
          fix: `${grant} for the upgrade, or let an owner start the first upgraded node.`,
        };
  return {
    id,
    title,
    status: 'fail',
    detail: `version ${found} is newer than this crm-journey knows (${latest}): an upgraded node migrated it.`,
    fix: 'Upgrade crm-journey on this machine to the release the other nodes run.',
  };
}
