// The panel package's public entry. The element itself arrives with the panel issue.
export { PANEL_TAG } from './panel-tag.ts';
