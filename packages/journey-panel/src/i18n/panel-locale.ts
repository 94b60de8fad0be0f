import { en } from './en.ts';
import { fa } from './fa.ts';
import type { PanelMessages } from './panel-messages.ts';
import { pl } from './pl.ts';
import { ru } from './ru.ts';

/** The languages the panel ships, by their base language subtag. */
export const PANEL_LANGUAGES = { en, pl, ru, fa } as const;

/** A language the panel has strings for. */
export type PanelLanguage = keyof typeof PANEL_LANGUAGES;

/** The language the panel renders in: the BCP 47 tag for `Intl`, its strings and its writing direction. */
export interface PanelLocale {
  /** The tag handed to `Intl`, e.g. `pl-PL`; `en` when the requested language is not shipped. */
  readonly tag: string;
  readonly language: PanelLanguage;
  readonly messages: PanelMessages;
  readonly dir: 'ltr' | 'rtl';
}

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'yi', 'dv', 'ckb', 'sd', 'ug']);

function isPanelLanguage(language: string): language is PanelLanguage {
  return Object.hasOwn(PANEL_LANGUAGES, language);
}

/** The writing direction of a language tag (`fa-IR` → `rtl`), from the tag alone. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(baseLanguage(tag)) ? 'rtl' : 'ltr';
}

function baseLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * Picks the panel's language for a BCP 47 tag (`pl-PL`, `fa`, `ru_RU` as Sugar writes it); unknown or
 * malformed tags fall back to English so that texts and dates never mix two languages.
 *
 * @example
 * resolvePanelLocale('fa-IR'); // { tag: 'fa-IR', language: 'fa', dir: 'rtl', messages: … }
 */
export function resolvePanelLocale(tag: string | null | undefined): PanelLocale {
  const normalized = (tag ?? '').trim().replace('_', '-');
  const language = baseLanguage(normalized);
  if (!isPanelLanguage(language)) return { tag: 'en', language: 'en', messages: en, dir: 'ltr' };
  let canonical: string = language;
  try {
    canonical = Intl.getCanonicalLocales(normalized)[0] ?? language;
  } catch {
    // A malformed region or script subtag: keep the language alone.
  }
  return { tag: canonical, language, messages: PANEL_LANGUAGES[language], dir: directionOf(language) };
}
