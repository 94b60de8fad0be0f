// The CRM host files under hosts/: the Salesforce LWC host and the Sugar dashlet that load the panel.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CRMs the panel has a host for. */
export type PanelHostCrm = 'salesforce' | 'sugarcrm';

/**
 * The directory of a CRM's host files: `salesforce` holds the SFDX project (force-app/…), `sugarcrm` the
 * files Sugar's module loader installs (custom/…).
 *
 * @example
 * const lwc = join(hostDirectory('salesforce'), 'force-app/main/default/lwc');
 */
export function hostDirectory(crm: PanelHostCrm): string {
  return fileURLToPath(new URL(`../hosts/${crm}/`, import.meta.url));
}

/**
 * Every file under a directory of a CRM's hosts, keyed by its path relative to that directory.
 *
 * @example
 * const files = readHostFiles('sugarcrm', 'custom'); // 'clients/base/views/cj-journey-panel/…' → bytes
 */
export function readHostFiles(crm: PanelHostCrm, dir: string): Map<string, Uint8Array> {
  const root = join(hostDirectory(crm), dir);
  const files = new Map<string, Uint8Array>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile())
        files.set(relative(root, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(root);
  return files;
}

/** One host file as text (the demo serves the hosts' own logic). */
export function readHostFile(crm: PanelHostCrm, path: string): string {
  return readFileSync(join(hostDirectory(crm), path), 'utf8');
}
