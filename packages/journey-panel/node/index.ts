// `@crm-journey/journey-panel/assets`: the panel's built bundles and CRM host files, for Node only.
export { PANEL_BUNDLES, panelBundlePaths, readPanelBundle } from './panel-bundles.ts';
export type { PanelBundle, PanelBundleKind, PanelBundlePaths, PanelBundlePathsOptions } from './panel-bundles.ts';
export { hostDirectory, readHostFile, readHostFiles } from './host-files.ts';
export type { PanelHostCrm } from './host-files.ts';
export { panelLocaleScripts } from './panel-locale-scripts.ts';
