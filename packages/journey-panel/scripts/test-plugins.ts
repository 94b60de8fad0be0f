// The Vite plugins the workspace's browser tests use to run the CRM hosts for real: the LWC compiler
// and engine for the Salesforce host, the panel as a static resource, and a Sugar sandbox for the dashlet.
export { lwcHostPlugin } from './lwc-vite-plugin.ts';
export { staticResourcePlugin } from './static-resource-plugin.ts';
export { sugarSandboxPlugin } from './sugar-sandbox-plugin.ts';
