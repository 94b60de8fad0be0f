import type { MapLane } from '@crm-journey/connector';

/** The languages the map is labelled in: the seed articles' languages. */
export const MAP_LOCALES = ['en', 'pl', 'ru', 'fa'] as const;

/** One of {@link MAP_LOCALES}. */
export type MapLocale = (typeof MAP_LOCALES)[number];

/** The map's own words in one language (stage names and texts come from the journey file as written). */
export interface MapLabels {
  readonly dir: 'ltr' | 'rtl';
  readonly title: string;
  readonly lanes: Readonly<Record<MapLane, string>>;
  readonly stage: string;
  readonly customers: string;
  readonly period: string;
  readonly curve: string;
  readonly now: string;
  readonly overdue: string;
  readonly median: string;
  readonly p90: string;
  readonly target: string;
  readonly days: string;
  readonly conversion: string;
  readonly dropOff: string;
  readonly backward: string;
  readonly positive: string;
  readonly neutral: string;
  readonly negative: string;
  readonly score: string;
  readonly best: string;
  readonly never: string;
  readonly guidance: string;
  readonly soFar: string;
  readonly timeInStage: string;
  readonly drives: string;
  readonly none: string;
  readonly notInVersion: string;
  readonly changed: string;
  readonly definitions: string;
}

const EN: MapLabels = {
  dir: 'ltr',
  title: 'Customer journey map',
  lanes: {
    goal: 'Customer goal',
    mindset: 'Mindset',
    doing: 'What the customer does',
    touchpoints: 'Touchpoints and channels',
    emotion: 'Emotion',
    'pain-points': 'Pain points',
    opportunities: 'Opportunities',
    metrics: 'Metrics',
  },
  stage: 'Stage',
  customers: 'customers',
  period: 'period',
  curve: 'Emotion curve',
  now: 'now',
  overdue: 'overdue',
  median: 'median',
  p90: 'p90',
  target: 'target',
  days: 'd',
  conversion: 'conversion',
  dropOff: 'drop-off',
  backward: 'backward moves out / in',
  positive: 'positive',
  neutral: 'neutral',
  negative: 'negative',
  score: 'score',
  best: 'Followed by a move forward',
  never: 'Never followed by one',
  guidance: 'Guidance for reps',
  soFar: 'so far',
  timeInStage: 'time in stage',
  drives: 'drives the stage',
  none: '—',
  notInVersion: 'not in this version',
  changed: 'changed',
  definitions: 'How the numbers are defined',
};

const PL: MapLabels = {
  dir: 'ltr',
  title: 'Mapa podróży klienta',
  lanes: {
    goal: 'Cel klienta',
    mindset: 'Nastawienie',
    doing: 'Co robi klient',
    touchpoints: 'Punkty styku i kanały',
    emotion: 'Emocje',
    'pain-points': 'Problemy',
    opportunities: 'Szanse',
    metrics: 'Wskaźniki',
  },
  stage: 'Etap',
  customers: 'klientów',
  period: 'okres',
  curve: 'Krzywa emocji',
  now: 'teraz',
  overdue: 'po terminie',
  median: 'mediana',
  p90: 'p90',
  target: 'cel',
  days: 'dni',
  conversion: 'konwersja',
  dropOff: 'odpływ',
  backward: 'cofnięcia z etapu / do etapu',
  positive: 'pozytywne',
  neutral: 'neutralne',
  negative: 'negatywne',
  score: 'wynik',
  best: 'Po nich klient idzie dalej',
  never: 'Nigdy nie poprzedziły postępu',
  guidance: 'Wskazówki dla handlowców',
  soFar: 'dotąd',
  timeInStage: 'czas w etapie',
  drives: 'napędza etap',
  none: '—',
  notInVersion: 'brak w tej wersji',
  changed: 'zmiana',
  definitions: 'Jak liczone są wskaźniki',
};

const RU: MapLabels = {
  dir: 'ltr',
  title: 'Карта пути клиента',
  lanes: {
    goal: 'Цель клиента',
    mindset: 'Настрой',
    doing: 'Что делает клиент',
    touchpoints: 'Точки контакта и каналы',
    emotion: 'Эмоции',
    'pain-points': 'Болевые точки',
    opportunities: 'Возможности',
    metrics: 'Показатели',
  },
  stage: 'Этап',
  customers: 'клиентов',
  period: 'период',
  curve: 'Кривая эмоций',
  now: 'сейчас',
  overdue: 'просрочено',
  median: 'медиана',
  p90: 'p90',
  target: 'цель',
  days: 'дн.',
  conversion: 'конверсия',
  dropOff: 'отток',
  backward: 'возвраты из этапа / в этап',
  positive: 'позитивные',
  neutral: 'нейтральные',
  negative: 'негативные',
  score: 'оценка',
  best: 'За ними следует продвижение',
  never: 'Ни разу не привели к продвижению',
  guidance: 'Подсказки для менеджеров',
  soFar: 'пока',
  timeInStage: 'время на этапе',
  drives: 'двигает этап',
  none: '—',
  notInVersion: 'нет в этой версии',
  changed: 'изменено',
  definitions: 'Как считаются показатели',
};

const FA: MapLabels = {
  dir: 'rtl',
  title: 'نقشه سفر مشتری',
  lanes: {
    goal: 'هدف مشتری',
    mindset: 'ذهنیت',
    doing: 'مشتری چه می‌کند',
    touchpoints: 'نقاط تماس و کانال‌ها',
    emotion: 'احساس',
    'pain-points': 'نقاط درد',
    opportunities: 'فرصت‌ها',
    metrics: 'شاخص‌ها',
  },
  stage: 'مرحله',
  customers: 'مشتری',
  period: 'دوره',
  curve: 'منحنی احساس',
  now: 'اکنون',
  overdue: 'دیرکرد',
  median: 'میانه',
  p90: 'p90',
  target: 'هدف',
  days: 'روز',
  conversion: 'تبدیل',
  dropOff: 'ریزش',
  backward: 'بازگشت از مرحله / به مرحله',
  positive: 'مثبت',
  neutral: 'خنثی',
  negative: 'منفی',
  score: 'امتیاز',
  best: 'پس از آن‌ها مشتری پیش می‌رود',
  never: 'هرگز به پیشرفت نینجامید',
  guidance: 'راهنمای کارشناسان فروش',
  soFar: 'تاکنون',
  timeInStage: 'زمان در مرحله',
  drives: 'محرک مرحله',
  none: '—',
  notInVersion: 'در این نسخه نیست',
  changed: 'تغییر',
  definitions: 'تعریف شاخص‌ها',
};

/** The labels of a locale. */
export function mapLabels(locale: MapLocale): MapLabels {
  return { en: EN, pl: PL, ru: RU, fa: FA }[locale];
}
