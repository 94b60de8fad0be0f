// Lets the browser test project render the Salesforce host in the LWC engine: compiles the components in
// hosts/salesforce with @lwc/compiler (the compiler a deploy runs), resolves `lwc` to @lwc/engine-dom,
// `c/<name>` to a component, the `lightning/*` platform modules to the test's stand-ins for Lightning
// Data Service and friends, and the `@salesforce/*` scoped modules to fixed values.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lwcCompiler from '@lwc/compiler';
import type { Plugin } from 'vite';

/** The part of `transformSync` used here (the package's declarations use imports NodeNext cannot follow). */
type TransformSync = (
  source: string,
  filename: string,
  options: { namespace: string; name: string },
) => { code: string };
const transformSync = (lwcCompiler as unknown as { transformSync: TransformSync }).transformSync;

const lwcDir = fileURLToPath(new URL('../hosts/salesforce/force-app/main/default/lwc/', import.meta.url));
const platformDir = fileURLToPath(new URL('../hosts/salesforce/test/platform/', import.meta.url));
const engine = fileURLToPath(import.meta.resolve('@lwc/engine-dom'));

/** The `lightning/*` modules the host imports, each answered by a stand-in that behaves like the platform's. */
const PLATFORM_MODULES: Readonly<Record<string, string>> = {
  'lightning/uiRecordApi': 'lightning-ui-record-api.ts',
  'lightning/platformResourceLoader': 'lightning-platform-resource-loader.ts',
  'lightning/navigation': 'lightning-navigation.ts',
  'lightning/platformShowToastEvent': 'lightning-platform-show-toast-event.ts',
};

/** Options of `lwcHostPlugin`. */
export interface LwcHostPluginOptions {
  /**
   * Default exports of the `@salesforce/*` scoped modules, e.g. `{ '@salesforce/i18n/lang': 'en' }`; a test
   * file overrides one by setting `globalThis.cjScopedModules` before importing the host.
   */
  readonly scopedModules: Readonly<Record<string, string>>;
}

const EMPTY_CSS = '\0lwc-host:empty-css';
const SCOPED = '\0lwc-host:scoped:';

/**
 * A Vite plugin that compiles and resolves the Salesforce host's Lightning web components for the browser
 * tests. A module the host imports that is neither here nor a file is an error, never an empty stand-in.
 * @example plugins: [lwcHostPlugin({ scopedModules: { '@salesforce/i18n/lang': 'en' } })]
 */
export function lwcHostPlugin(options: LwcHostPluginOptions): Plugin {
  return {
    name: 'cj-lwc-host',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'lwc') return engine;
      const platform = PLATFORM_MODULES[source];
      if (platform !== undefined) return `${platformDir}${platform}`;
      if (source.startsWith('lightning/')) throw new Error(`No stand-in for the platform module ${source}`);
      if (source.startsWith('@salesforce/')) {
        if (!(source in options.scopedModules)) throw new Error(`No value for the scoped module ${source}`);
        return `${SCOPED}${source}`;
      }
      const component = /^c\/(\w+)$/.exec(source)?.[1];
      if (component !== undefined) return `${lwcDir}${component}/${component}.js`;
      // A template imports its optional stylesheets; a component without them has none (as on the platform).
      if (importer?.startsWith(lwcDir) && /\.css(\?|$)/.test(source)) {
        const file = `${dirname(importer)}/${source.replace(/\?.*$/, '')}`;
        if (!existsSync(file)) return EMPTY_CSS;
        throw new Error(
          `${file}: component stylesheets are not compiled by the test plugin yet; add the LWC style compiler here`,
        );
      }
      return null;
    },
    load(id) {
      if (id === EMPTY_CSS) return 'export default undefined;';
      // The published engine points at a source map it does not ship.
      if (id === engine) return readFileSync(engine, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      // A test file may play a user with other settings (a Polish user's `@salesforce/i18n/lang`) by
      // setting `globalThis.cjScopedModules` before it imports the host.
      if (id.startsWith(SCOPED)) {
        const name = JSON.stringify(id.slice(SCOPED.length));
        const value = JSON.stringify(options.scopedModules[id.slice(SCOPED.length)]);
        return `const user = globalThis.cjScopedModules ?? {};\nexport default Object.hasOwn(user, ${name}) ? user[${name}] : ${value};`;
      }
      // `?raw` and friends ask for the file itself (the metadata tests read the template's source).
      if (/[?&](raw|url|inline|worker)\b/.test(id)) return null;
      const file = id.replace(/\?.*$/, '');
      if (!file.startsWith(lwcDir) || !/\.(js|html)$/.test(file)) return null;
      const name = basename(dirname(file));
      return { code: transformSync(readFileSync(file, 'utf8'), basename(file), { namespace: 'c', name }).code };
    },
  };
}
