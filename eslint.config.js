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
