import { PANEL_LOCALE_EVENT, PANEL_LOCALES_GLOBAL, type PanelLanguage } from './panel-locale.ts';
import type { PanelMessages } from './panel-messages.ts';

// `<` escaped so the text stays inert even if someone inlines it in a <script> element.
const inert = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * A locale script (`cj-journey-panel.<language>.js`): a classic script, data only (no eval, so it runs
 * under Lightning's and Sugar's content security policies), that adds one language's strings to
 * `globalThis.cjJourneyPanelLocales` and tells the panels on the page to render again.
 *
 * @example
 * writeFileSync('cj-journey-panel.pl.js', panelLocaleScript('pl', pl));
 */
export function panelLocaleScript(language: Exclude<PanelLanguage, 'en'>, messages: PanelMessages): string {
  const registry = `globalThis.${PANEL_LOCALES_GLOBAL}`;
  return (
    `${registry} = ${registry} || {};\n` +
    `${registry}[${inert(language)}] = ${inert(messages)};\n` +
    `if (typeof globalThis.dispatchEvent === 'function') globalThis.dispatchEvent(new Event(${inert(PANEL_LOCALE_EVENT)}));\n`
  );
}
