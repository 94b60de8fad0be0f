// The panel's locale scripts for Node callers (install, package, the test hosts): one classic script per
// language besides English, written from the strings in src/i18n, shipped beside the bundle.
import { fa } from '../src/i18n/fa.ts';
import { panelLocaleScript } from '../src/i18n/panel-locale-script.ts';
import { panelLocaleFile } from '../src/i18n/panel-locale.ts';
import { pl } from '../src/i18n/pl.ts';
import { ru } from '../src/i18n/ru.ts';

const LOCALES = { pl, ru, fa } as const;

/**
 * Every locale script by file name (`cj-journey-panel.pl.js` → its text); a host loads the one of the
 * user's language (`CjJourneyPanel.localeFile(tag)` names it) next to `cj-journey-panel.js`.
 *
 * @example
 * for (const [file, text] of Object.entries(panelLocaleScripts())) zip[file] = strToU8(text);
 */
export function panelLocaleScripts(): Readonly<Record<string, string>> {
  return Object.fromEntries(
    Object.entries(LOCALES).map(([language, messages]) => [
      panelLocaleFile(language) ?? language,
      panelLocaleScript(language as keyof typeof LOCALES, messages),
    ]),
  );
}
