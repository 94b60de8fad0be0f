import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fa } from './fa.ts';
import { panelFormat } from './panel-format.ts';
import { panelLocaleFile, resolvePanelLocale } from './panel-locale.ts';
import { panelLocaleScript } from './panel-locale-script.ts';
import { pl } from './pl.ts';
import { ru } from './ru.ts';

/** Runs a locale script as the page would run the file: a classic <script>. */
function runScript(text: string): void {
  const script = document.createElement('script');
  script.textContent = text;
  document.head.append(script);
  script.remove();
}

describe('resolvePanelLocale', () => {
  it('renders English while a shipped language’s locale script is not loaded', () => {
    expect(resolvePanelLocale('pl-PL')).toMatchObject({ tag: 'en', language: 'en', messages: en });
  });

  it('takes a language’s strings from its locale script, which tells the page it loaded', () => {
    const loaded: string[] = [];
    const listener = (event: Event): void => void loaded.push(event.type);
    globalThis.addEventListener('cj-journey-panel-locale', listener);
    try {
      runScript(panelLocaleScript('pl', pl) + panelLocaleScript('ru', ru) + panelLocaleScript('fa', fa));
    } finally {
      globalThis.removeEventListener('cj-journey-panel-locale', listener);
    }
    expect(loaded).toEqual(['cj-journey-panel-locale', 'cj-journey-panel-locale', 'cj-journey-panel-locale']);
    expect(resolvePanelLocale('pl-PL')).toMatchObject({ tag: 'pl-PL', language: 'pl', dir: 'ltr', messages: pl });
    expect(resolvePanelLocale('ru_RU')).toMatchObject({ tag: 'ru-RU', language: 'ru', messages: ru });
    expect(resolvePanelLocale('fa-IR')).toMatchObject({ tag: 'fa-IR', language: 'fa', dir: 'rtl', messages: fa });
  });

  it('falls back to English for languages it does not ship and for garbage', () => {
    expect(resolvePanelLocale('de-DE')).toMatchObject({ tag: 'en', language: 'en' });
    expect(resolvePanelLocale('')).toMatchObject({ tag: 'en' });
    expect(resolvePanelLocale('pl-!!')).toMatchObject({ tag: 'pl', language: 'pl' });
  });

  it('names the locale script a host loads: none for English or unshipped languages', () => {
    expect(['pl_PL', 'ru-RU', 'fa', 'en-GB', 'de-DE', '', null].map((tag) => panelLocaleFile(tag))).toEqual([
      'cj-journey-panel.pl.js',
      'cj-journey-panel.ru.js',
      'cj-journey-panel.fa.js',
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('panelFormat', () => {
  it('chooses plural forms through Intl.PluralRules', () => {
    const polish = panelFormat('pl');
    expect([1, 2, 5, 22, 25].map((count) => polish.plural(pl.touchpointCount, count))).toEqual([
      '1 punkt styku',
      '2 punkty styku',
      '5 punktów styku',
      '22 punkty styku',
      '25 punktów styku',
    ]);
    const russian = panelFormat('ru');
    expect([1, 3, 11, 21].map((count) => russian.plural(ru.touchpointCount, count))).toEqual([
      '1 точка контакта',
      '3 точки контакта',
      '11 точек контакта',
      '21 точка контакта',
    ]);
    expect(panelFormat('en').plural(en.touchpointCount, 1)).toBe('1 touchpoint');
    expect(panelFormat('fa').plural(fa.touchpointCount, 12)).toBe('۱۲ نقطهٔ تماس');
  });

  it('formats durations with the language’s own day unit', () => {
    expect(panelFormat('en').days(107.1)).toBe('107 days');
    expect(panelFormat('en').days(1.9)).toBe('1.9 days');
    expect(panelFormat('pl').days(1.9)).toBe('1,9 dnia');
    expect(panelFormat('ru').days(21)).toBe('21 день');
    expect(panelFormat('fa').days(50.3)).toBe('۵۰ روز');
  });

  it('formats bare dates as calendar days and relative due dates in calendar days', () => {
    const now = Date.parse('2026-11-20T23:30:00Z');
    expect(panelFormat('en').date('2026-10-05')).toBe('Oct 5, 2026');
    expect(panelFormat('en').relative('2026-11-20', now)).toBe('today');
    expect(panelFormat('en').relative('2026-11-21', now)).toBe('tomorrow');
    expect(panelFormat('en').relative('2026-10-05', now)).toBe('7 weeks ago');
    expect(panelFormat('pl').relative('2026-11-24', now)).toBe('za 4 dni');
  });

  it('ships the same keys in every language', () => {
    for (const messages of [pl, ru, fa]) expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
  });
});
