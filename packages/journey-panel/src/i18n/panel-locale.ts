// The panel's language. Only English is inside the bundle; every other language is a small classic
// script the host loads beside it (`cj-journey-panel.<language>.js`, see panel-locale-script.ts), so a
// page downloads the strings of its own language only.
import { en } from './en.ts';
import type { PanelMessages } from './panel-messages.ts';

/** The languages the panel ships, by their base language subtag; English is built in, the rest are scripts. */
export const PANEL_LANGUAGES = ['en', 'pl', 'ru', 'fa'] as const;

/** A language the panel has strings for. */
export type PanelLanguage = (typeof PANEL_LANGUAGES)[number];

/** The global the locale scripts add their strings to, by language; read on every render. */
export const PANEL_LOCALES_GLOBAL = 'cjJourneyPanelLocales';

/** The event a locale script fires on `globalThis` once its strings are in, so panels render again. */
export const PANEL_LOCALE_EVENT = 'cj-journey-panel-locale';

/** The language the panel renders in: the BCP 47 tag for `Intl`, its strings and its writing direction. */
export interface PanelLocale {
  /** The tag handed to `Intl`, e.g. `pl-PL`; `en` when the requested language is not shipped or not loaded. */
  readonly tag: string;
  readonly language: PanelLanguage;
  readonly messages: PanelMessages;
  readonly dir: 'ltr' | 'rtl';
}

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'yi', 'dv', 'ckb', 'sd', 'ug']);

function isPanelLanguage(language: string): language is PanelLanguage {
  return (PANEL_LANGUAGES as readonly string[]).includes(language);
}

/** The strings of a language: English from the bundle, the others from the locale scripts loaded so far. */
function loadedMessages(language: PanelLanguage): PanelMessages | undefined {
  if (language === 'en') return en;
  const loaded = (globalThis as Record<string, unknown>)[PANEL_LOCALES_GLOBAL];
  if (typeof loaded !== 'object' || loaded === null || !Object.hasOwn(loaded, language)) return undefined;
  return (loaded as Record<string, PanelMessages>)[language];
}

/** The writing direction of a language tag (`fa-IR` → `rtl`), from the tag alone. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(baseLanguage(tag)) ? 'rtl' : 'ltr';
}

function baseLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * The locale script a host loads for a BCP 47 tag (`pl-PL`, `ru_RU` as Sugar writes it), or null when the
 * language's strings are in the bundle (English) or not shipped at all (the panel then renders English).
 *
 * @example
 * panelLocaleFile('pl_PL'); // 'cj-journey-panel.pl.js'
 */
export function panelLocaleFile(tag: string | null | undefined): string | null {
  const language = baseLanguage((tag ?? '').replace('_', '-'));
  return isPanelLanguage(language) && language !== 'en' ? `cj-journey-panel.${language}.js` : null;
}

/**
 * Picks the panel's language for a BCP 47 tag (`pl-PL`, `fa`, `ru_RU` as Sugar writes it). Unknown or
 * malformed tags, and languages whose locale script the host has not loaded (yet), fall back to English
 * so that texts and dates never mix two languages.
 *
 * @example
 * resolvePanelLocale('fa-IR'); // { tag: 'fa-IR', language: 'fa', dir: 'rtl', messages: … } once fa is loaded
 */
export function resolvePanelLocale(tag: string | null | undefined): PanelLocale {
  const normalized = (tag ?? '').trim().replace('_', '-');
  const language = baseLanguage(normalized);
  const messages = isPanelLanguage(language) ? loadedMessages(language) : undefined;
  if (!isPanelLanguage(language) || messages === undefined)
    return { tag: 'en', language: 'en', messages: en, dir: 'ltr' };
  let canonical: string = language;
  try {
    canonical = Intl.getCanonicalLocales(normalized)[0] ?? language;
  } catch {
    // A malformed region or script subtag: keep the language alone.
  }
  return { tag: canonical, language, messages, dir: directionOf(language) };
}
