// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

/** Imports that would point a dependency the wrong way (see README, "Layout"). */
const upward = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const noSync = {
  group: ['@crm-journey/sync', '@crm-journey/sync/*'],
  message: 'Nothing imports sync: it is the composition root.',
};
const noDeepImports = {
  group: ['@crm-journey/*/src/*', '@crm-journey/*/dist/*', '**/packages/*/src/**'],
  message: 'Import another package through its exports map, never its src/ or dist/.',
};

/**
 * The connector's layers (packages/connector/README.md, "Layers"), bottom rung first. A folder may import
 * only folders on lower rungs: never one on its own rung, never one above. Lint fails on an import that
 * climbs, so the folders cannot import each other in circles.
 */
const connectorLadder = [
  ['errors', 'records', 'source'],
  ['profiles'],
  ['conditions'],
  ['journey'],
  ['engine'],
  ['analytics', 'snapshot'],
  ['connector'],
  ['salesforce', 'sugarcrm'],
];
const connectorSrc = 'packages/connector/src';
const connectorZones = connectorLadder.flatMap((rung, index) =>
  rung.map((folder) => ({
    target: `${connectorSrc}/${folder}`,
    from: [
      `${connectorSrc}/index.ts`,
      ...connectorLadder
        .slice(index)
        .flat()
        .filter((other) => other !== folder)
        .map((other) => `${connectorSrc}/${other}`),
    ],
    message: `connector/src/${folder} may import only the layers below it (see connectorLadder in eslint.config.js).`,
  })),
);

export default defineConfig(
  { ignores: ['**/node_modules/**', '.toolchain/**', '**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { includeInternal: true, packageDir: [import.meta.dirname] }],
      'import-x/no-default-export': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Dropping a property with a rest destructure is the clear way to say "everything but".
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // A relative import never leaves its package: another package is reached through its exports.
      'import-x/no-relative-packages': 'error',
      ...upward([noSync, noDeepImports]),
    },
  },
  {
    // Every package declares what it imports in its own package.json.
    files: ['packages/*/src/**', 'packages/*/bin/**', 'packages/journey-panel/node/**'],
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { includeInternal: true, devDependencies: ['**/*.test.ts'] }],
    },
  },
  {
    // The connector's root entry is isomorphic: it runs in the panel's bundle too.
    files: ['packages/connector/src/**'],
    ignores: [
      'packages/connector/src/**/*.test.ts',
      'packages/connector/src/salesforce/**',
      'packages/connector/src/sugarcrm/**',
    ],
    rules: upward([
      noSync,
      noDeepImports,
      {
        group: ['node:*', 'jsforce', '@salesforce/*', 'axios', '@crm-journey/*'],
        message: 'The connector core is isomorphic: no Node built-ins, no CRM clients, no other workspace package.',
      },
    ]),
  },
  {
    // The connector's ladder, and no import circle inside the connector (type-only imports aside, which
    // import-x/no-cycle skips; the zones still forbid those between folders).
    files: ['packages/connector/src/**'],
    // no-cycle follows imports into the files they name, which it parses only for listed extensions.
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: connectorZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The Node adapters behind ./salesforce and ./sugarcrm may use Node and the CRM clients, never sync.
    files: ['packages/connector/src/salesforce/**', 'packages/connector/src/sugarcrm/**'],
    rules: upward([
      noSync,
      noDeepImports,
      { group: ['@crm-journey/*'], message: 'The adapters import only the connector core, relatively.' },
    ]),
  },
  {
    // Leaf packages: the panel and the sandbox orgs import only the connector.
    files: ['packages/journey-panel/{src,node,scripts}/**', 'packages/sandbox/src/**'],
    rules: upward([
      noSync,
      noDeepImports,
      {
        group: ['@crm-journey/journey-panel', '@crm-journey/journey-panel/*', '@crm-journey/sandbox'],
        message: 'Leaf packages import only the connector.',
      },
    ]),
  },
  {
    // Config files and the bootstrap are plain Node scripts; config files must default-export.
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    // Plain JavaScript (this file, the bootstrap) is linted without type information.
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['scripts/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
