import type { FlagDefinitions } from '../command-definition.ts';

/** The flags that name the CRM to connect to; unset ones fall back to the config file and the environment. */
export const TARGET_FLAGS = {
  target: { value: '<name>', description: 'A target of crm-journey.config.yaml (default: its defaults.target).' },
  config: { value: '<file>', description: 'The config file (default: crm-journey.config.yaml here, if any).' },
  org: { value: '<alias>', description: 'A Salesforce org authorized with the sf CLI (alias or username).' },
  'instance-url': {
    value: '<url>',
    description: 'Salesforce instance URL, with --access-token (default: $SF_INSTANCE_URL).',
  },
  'access-token': {
    value: '<token>',
    description: 'Salesforce access token (default: $SF_ACCESS_TOKEN); visible in ps, prefer --access-token-file.',
  },
  'access-token-file': { value: '<file>', description: 'A file holding the Salesforce access token, on one line.' },
  'sugar-url': { value: '<url>', description: 'SugarCRM site URL (default: $SUGAR_URL).' },
  'sugar-user': { value: '<user>', description: 'SugarCRM user name (default: $SUGAR_USERNAME).' },
  'sugar-password': {
    value: '<password>',
    description: 'SugarCRM password (default: $SUGAR_PASSWORD); visible in ps, prefer --sugar-password-file.',
  },
  'sugar-password-file': { value: '<file>', description: 'A file holding the SugarCRM password, on one line.' },
  'sugar-platform': {
    value: '<platform>',
    description: 'SugarCRM OAuth platform (default: $SUGAR_PLATFORM or crm-journey).',
  },
} as const satisfies FlagDefinitions;
