import type { Quantifier, RecordCondition } from '../conditions/condition-ast.ts';

/** The languages checklist sentences are written in (the panel's locales). */
export const CHECKLIST_LOCALES = ['en', 'pl', 'ru', 'fa'] as const;

/** One of the checklist's languages. */
export type ChecklistLocale = (typeof CHECKLIST_LOCALES)[number];

/** A sentence in every checklist language. */
export type LocalizedText = Readonly<Record<ChecklistLocale, string>>;

/** The longest sentence kept in the state, per language; longer ones end with an ellipsis. */
export const CHECKLIST_TEXT_LIMIT = 160;

interface Words {
  readonly and: string;
  readonly or: string;
  readonly not: string;
  readonly oneOf: string;
  readonly noneOf: string;
  readonly set: string;
  readonly empty: string;
  readonly contains: string;
  readonly startsWith: string;
  readonly lastDays: (days: number) => string;
  readonly nextDays: (days: number) => string;
  readonly olderDays: (days: number) => string;
  readonly quantifier: (quantifier: Quantifier, object: string) => string;
  readonly where: string;
  readonly now: (value: string) => string;
  readonly nearest: (id: string, missing: string) => string;
  readonly addOne: (what: string) => string;
  readonly more: (n: number, what: string) => string;
  readonly inTheWay: (ids: string) => string;
}

const countWords = {
  en: { eq: 'exactly', gt: 'more than', gte: 'at least', lt: 'fewer than', lte: 'at most' },
  pl: { eq: 'dokładnie', gt: 'więcej niż', gte: 'co najmniej', lt: 'mniej niż', lte: 'najwyżej' },
  ru: { eq: 'ровно', gt: 'более', gte: 'не менее', lt: 'менее', lte: 'не более' },
  fa: { eq: 'دقیقاً', gt: 'بیش از', gte: 'دست‌کم', lt: 'کمتر از', lte: 'حداکثر' },
} as const;

const words: Readonly<Record<ChecklistLocale, Words>> = {
  en: {
    and: 'and',
    or: 'or',
    not: 'not',
    oneOf: 'is one of',
    noneOf: 'is none of',
    set: 'is set',
    empty: 'is empty',
    contains: 'contains',
    startsWith: 'starts with',
    lastDays: (d) => `in the last ${d} days`,
    nextDays: (d) => `in the next ${d} days`,
    olderDays: (d) => `more than ${d} days ago`,
    quantifier: (q, o) =>
      q.kind === 'any'
        ? `${/^[aeiou]/i.test(o) ? 'an' : 'a'} ${o} record`
        : q.kind === 'all'
          ? `every ${o} record`
          : q.kind === 'none'
            ? `no ${o} record`
            : `${countWords.en[q.op]} ${q.n} ${o} records`,
    where: 'where',
    now: (v) => `now ${v}`,
    nearest: (id, missing) => `Closest: ${id} still needs ${missing}`,
    addOne: (what) => `None yet: add ${what}`,
    more: (n, what) => `${n} more needed: ${what}`,
    inTheWay: (ids) => `In the way: ${ids}`,
  },
  pl: {
    and: 'i',
    or: 'lub',
    not: 'nie',
    oneOf: 'jest jednym z',
    noneOf: 'nie jest żadnym z',
    set: 'jest wypełnione',
    empty: 'jest puste',
    contains: 'zawiera',
    startsWith: 'zaczyna się od',
    lastDays: (d) => `w ciągu ostatnich ${d} dni`,
    nextDays: (d) => `w ciągu najbliższych ${d} dni`,
    olderDays: (d) => `ponad ${d} dni temu`,
    quantifier: (q, o) =>
      q.kind === 'any'
        ? `rekord ${o}`
        : q.kind === 'all'
          ? `każdy rekord ${o}`
          : q.kind === 'none'
            ? `żaden rekord ${o}`
            : `${countWords.pl[q.op]} ${q.n} rekordy ${o}`,
    where: 'gdzie',
    now: (v) => `teraz ${v}`,
    nearest: (id, missing) => `Najbliżej: ${id}, brakuje: ${missing}`,
    addOne: (what) => `Jeszcze brak: dodaj ${what}`,
    more: (n, what) => `Potrzeba jeszcze ${n}: ${what}`,
    inTheWay: (ids) => `Przeszkadzają: ${ids}`,
  },
  ru: {
    and: 'и',
    or: 'или',
    not: 'не',
    oneOf: '— одно из',
    noneOf: '— ни одно из',
    set: 'заполнено',
    empty: 'пусто',
    contains: 'содержит',
    startsWith: 'начинается с',
    lastDays: (d) => `за последние ${d} дн.`,
    nextDays: (d) => `в ближайшие ${d} дн.`,
    olderDays: (d) => `более ${d} дн. назад`,
    quantifier: (q, o) =>
      q.kind === 'any'
        ? `запись ${o}`
        : q.kind === 'all'
          ? `каждая запись ${o}`
          : q.kind === 'none'
            ? `ни одной записи ${o}`
            : `${countWords.ru[q.op]} ${q.n} записей ${o}`,
    where: 'где',
    now: (v) => `сейчас ${v}`,
    nearest: (id, missing) => `Ближе всего: ${id}, не хватает: ${missing}`,
    addOne: (what) => `Пока нет: добавьте ${what}`,
    more: (n, what) => `Нужно ещё ${n}: ${what}`,
    inTheWay: (ids) => `Мешают: ${ids}`,
  },
  fa: {
    and: 'و',
    or: 'یا',
    not: 'نه',
    oneOf: 'یکی از',
    noneOf: 'هیچ‌یک از',
    set: 'پر است',
    empty: 'خالی است',
    contains: 'شامل',
    startsWith: 'آغاز با',
    lastDays: (d) => `در ${d} روز گذشته`,
    nextDays: (d) => `در ${d} روز آینده`,
    olderDays: (d) => `بیش از ${d} روز پیش`,
    quantifier: (q, o) =>
      q.kind === 'any'
        ? `یک رکورد ${o}`
        : q.kind === 'all'
          ? `همهٔ رکوردهای ${o}`
          : q.kind === 'none'
            ? `هیچ رکورد ${o}`
            : `${countWords.fa[q.op]} ${q.n} رکورد ${o}`,
    where: 'که',
    now: (v) => `اکنون ${v}`,
    nearest: (id, missing) => `نزدیک‌ترین: ${id}، هنوز لازم: ${missing}`,
    addOne: (what) => `هنوز نیست: ${what} بیفزایید`,
    more: (n, what) => `${n} مورد دیگر لازم است: ${what}`,
    inTheWay: (ids) => `مانع: ${ids}`,
  },
};

const compareSymbols = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

/** A value as the sentence shows it: strings quoted, long ones cut. */
export function showValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? `"${value}"`
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : value === null || value === undefined
          ? '—'
          : '…';
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A record condition in one language. */
export function recordPhrase(condition: RecordCondition, locale: ChecklistLocale): string {
  const w = words[locale];
  switch (condition.kind) {
    case 'all':
      return '';
    case 'and':
      return condition.items.map((item) => recordPhrase(item, locale)).join(` ${w.and} `);
    case 'or':
      return `(${condition.items.map((item) => recordPhrase(item, locale)).join(` ${w.or} `)})`;
    case 'not':
      return `${w.not} (${recordPhrase(condition.item, locale)})`;
    case 'compare':
      return condition.value.kind === 'null'
        ? `${condition.field} ${condition.op === 'ne' ? w.set : w.empty}`
        : `${condition.field} ${compareSymbols[condition.op]} ${showValue(condition.value.value)}`;
    case 'in':
      return `${condition.field} ${condition.negate ? w.noneOf : w.oneOf} ${condition.values.map((v) => showValue(v.value)).join(', ')}`;
    case 'exists':
      return `${condition.field} ${condition.exists ? w.set : w.empty}`;
    case 'text':
      return `${condition.field} ${condition.op === 'contains' ? w.contains : w.startsWith} ${showValue(condition.value)}`;
    case 'relativeDate':
      return `${condition.field} ${
        condition.op === 'withinLastDays'
          ? w.lastDays(condition.days)
          : condition.op === 'withinNextDays'
            ? w.nextDays(condition.days)
            : w.olderDays(condition.days)
      }`;
  }
}

/** "a(n) Object record where …", the item's sentence in one language. */
export function itemPhrase(
  quantifier: Quantifier,
  object: string,
  where: RecordCondition,
  negated: boolean,
  locale: ChecklistLocale,
): string {
  const w = words[locale];
  const condition = where.kind === 'all' ? '' : ` ${w.where} ${recordPhrase(where, locale)}`;
  return `${negated ? `${w.not}: ` : ''}${w.quantifier(quantifier, object)}${condition}`;
}

/** The unmet clause of the closest record (its `recordPhrase`, built once), with its current value. */
function clausePhrase(text: string, current: string | undefined, locale: ChecklistLocale): string {
  return current === undefined ? text : `${text} (${words[locale].now(current)})`;
}

/** Cuts a sentence to `CHECKLIST_TEXT_LIMIT` characters. */
function bounded(text: string): string {
  return text.length > CHECKLIST_TEXT_LIMIT ? `${text.slice(0, CHECKLIST_TEXT_LIMIT - 1)}…` : text;
}

/** Builds a text in every language from one phrase function. */
export function localized(phrase: (locale: ChecklistLocale) => string): LocalizedText {
  return {
    en: bounded(phrase('en')),
    pl: bounded(phrase('pl')),
    ru: bounded(phrase('ru')),
    fa: bounded(phrase('fa')),
  };
}

// The hints below run for every unmet item of every customer: each language is written out, with no
// closure or phrase object per language (the sentences are those of `words`).

/** " and " in each language, between the missing clauses. */
const AND = { en: ` ${words.en.and} `, pl: ` ${words.pl.and} `, ru: ` ${words.ru.and} `, fa: ` ${words.fa.and} ` };

function missingText(
  clauses: readonly LocalizedText[],
  current: readonly (string | undefined)[],
  locale: ChecklistLocale,
): string {
  let text = '';
  for (let i = 0; i < clauses.length; i++) {
    if (i > 0) text += AND[locale];
    text += clausePhrase((clauses[i] as LocalizedText)[locale], current[i], locale);
  }
  return text;
}

/** "Closest: {id} still needs {clause} (now {value}) and …", from each missing clause's phrases and value. */
export function nearestText(
  id: string,
  clauses: readonly LocalizedText[],
  current: readonly (string | undefined)[],
): LocalizedText {
  return {
    en: bounded(words.en.nearest(id, missingText(clauses, current, 'en'))),
    pl: bounded(words.pl.nearest(id, missingText(clauses, current, 'pl'))),
    ru: bounded(words.ru.nearest(id, missingText(clauses, current, 'ru'))),
    fa: bounded(words.fa.nearest(id, missingText(clauses, current, 'fa'))),
  };
}

/** "In the way: {ids}" (with ", …" when there are more than the ids shown). */
export function inTheWayText(ids: readonly string[], total: number): LocalizedText {
  const list = total > ids.length ? `${ids.join(', ')}, …` : ids.join(', ');
  return {
    en: bounded(words.en.inTheWay(list)),
    pl: bounded(words.pl.inTheWay(list)),
    ru: bounded(words.ru.inTheWay(list)),
    fa: bounded(words.fa.inTheWay(list)),
  };
}

/** "{n} more needed: {what}". */
export function moreText(n: number, what: LocalizedText): LocalizedText {
  return {
    en: bounded(words.en.more(n, what.en)),
    pl: bounded(words.pl.more(n, what.pl)),
    ru: bounded(words.ru.more(n, what.ru)),
    fa: bounded(words.fa.more(n, what.fa)),
  };
}

/** "None yet: add {what}". */
export function addText(what: LocalizedText): LocalizedText {
  return localized((locale) => words[locale].addOne(what[locale]));
}
