// Describe results kept on disk between runs, per org and API version: a describe changes only with a
// deployment, and re-describing eight objects on every run is about a tenth of a small org's read calls.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FullDescribe } from './full-describe.ts';

/** Options of the describe cache: where, and for how long an entry is trusted. */
export interface DescribeCacheOptions {
  /** The folder (created when missing), e.g. `~/.crm-journey/describe-cache`. */
  readonly dir: string;
  /** Entries older than this are described again; default 24 h. */
  readonly maxAgeMs?: number;
}

/** One org's cached describes. */
export interface DescribeCache {
  get(object: string): Promise<FullDescribe | undefined>;
  set(object: string, describe: FullDescribe): Promise<void>;
  /** Drops every entry of the org (after a check found the cache stale, or a query named a gone field). */
  clear(): Promise<void>;
}

interface CacheEntry {
  readonly savedAt: number;
  readonly describe: FullDescribe;
}

// Only what the adapter reads: a full describe is ten times larger.
function slim(describe: FullDescribe): FullDescribe {
  return {
    name: describe.name,
    fields: describe.fields.map((field) => ({
      name: field.name,
      type: field.type,
      ...(field.externalId === true ? { externalId: true } : {}),
      ...(field.unique === true ? { unique: true } : {}),
      ...(field.picklistValues === undefined
        ? {}
        : { picklistValues: field.picklistValues.map(({ value, active }) => ({ value, active })) }),
    })),
  };
}

/**
 * Opens the cache of one org (`scope`: its instance URL and API version). A missing, unreadable or
 * expired entry is a miss; a failed write is ignored (the cache only saves calls).
 */
export function openDescribeCache(options: DescribeCacheOptions, scope: string, now: () => number): DescribeCache {
  const folder = path.join(options.dir, createHash('sha256').update(scope).digest('hex').slice(0, 16));
  const maxAge = options.maxAgeMs ?? 86_400_000;
  const file = (object: string): string => path.join(folder, `${object.replace(/[^A-Za-z0-9_]/g, '_')}.json`);
  return {
    async get(object) {
      try {
        const entry = JSON.parse(await readFile(file(object), 'utf8')) as CacheEntry;
        return now() - entry.savedAt <= maxAge && entry.describe.name === object ? entry.describe : undefined;
      } catch {
        return undefined;
      }
    },
    async set(object, describe) {
      const entry: CacheEntry = { savedAt: now(), describe: slim(describe) };
      const temporary = `${file(object)}.${process.pid}.tmp`;
      try {
        await mkdir(folder, { recursive: true });
        await writeFile(temporary, JSON.stringify(entry));
        await rename(temporary, file(object));
      } catch {
        await rm(temporary, { force: true }).catch(() => undefined);
      }
    },
    async clear() {
      await rm(folder, { recursive: true, force: true });
    },
  };
}
