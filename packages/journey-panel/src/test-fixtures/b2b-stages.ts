import type { PanelStage } from '../panel-stage.ts';

/** The stages of `journeys/salesforce-b2b.yaml`, as `toPanelStages` makes them. */
export const b2bStages: readonly PanelStage[] = [
  {
    id: 'awareness',
    label: 'Awareness',
    description: 'I have a problem and I am looking at who could solve it.',
    goal: 'Find out whether this company understands my problem.',
    targetDays: 14,
  },
  {
    id: 'engagement',
    label: 'Engagement',
    description: 'I am talking to them and sharing my situation.',
    goal: 'Learn whether their approach fits how we work.',
    targetDays: 21,
  },
  {
    id: 'evaluation',
    label: 'Evaluation',
    description: 'I am comparing options and building the case internally.',
    goal: 'Be sure the solution works for us and is worth the money.',
    targetDays: 30,
  },
  {
    id: 'purchase',
    label: 'Purchase',
    description: 'I have chosen and am getting the contract signed.',
    goal: 'Sign without surprises.',
    targetDays: 21,
  },
  {
    id: 'onboarding',
    label: 'Onboarding',
    description: 'I have bought; now I need it to work for my team.',
    goal: 'Get first value fast.',
    targetDays: 60,
  },
  {
    id: 'retention',
    label: 'Retention',
    description: 'I use it every day and decide whether to renew.',
    goal: 'Keep getting value; renew without a fight.',
    targetDays: 365,
  },
  {
    id: 'advocacy',
    label: 'Advocacy',
    description: 'I recommend them to peers.',
    goal: 'Be recognised for a good decision.',
  },
];

/** The same journey as a Russian-speaking client's consultant would write it. */
export const b2bStagesRu: readonly PanelStage[] = [
  {
    id: 'awareness',
    label: 'Осведомлённость',
    description: 'У меня есть проблема, ищу, кто её решит.',
    targetDays: 14,
  },
  {
    id: 'engagement',
    label: 'Вовлечение',
    description: 'Мы общаемся, я рассказываю о своей ситуации.',
    targetDays: 21,
  },
  {
    id: 'evaluation',
    label: 'Оценка',
    description: 'Сравниваю варианты и готовлю обоснование внутри компании.',
    targetDays: 30,
  },
  {
    id: 'purchase',
    label: 'Покупка',
    description: 'Я выбрал и подписываю договор.',
    goal: 'Подписать без сюрпризов.',
    targetDays: 21,
  },
  {
    id: 'onboarding',
    label: 'Внедрение',
    description: 'Купил; теперь команда должна начать работать.',
    targetDays: 60,
  },
  {
    id: 'retention',
    label: 'Удержание',
    description: 'Пользуюсь каждый день и решаю, продлевать ли.',
    targetDays: 365,
  },
  { id: 'advocacy', label: 'Рекомендации', description: 'Рекомендую их коллегам.' },
];

/** The same journey as a Persian-speaking client's consultant would write it. */
export const b2bStagesFa: readonly PanelStage[] = [
  { id: 'awareness', label: 'آگاهی', description: 'مشکلی دارم و دنبال کسی هستم که حلش کند.', targetDays: 14 },
  { id: 'engagement', label: 'تعامل', description: 'با آن‌ها صحبت می‌کنم و وضعیتم را می‌گویم.', targetDays: 21 },
  { id: 'evaluation', label: 'ارزیابی', description: 'گزینه‌ها را مقایسه می‌کنم.', targetDays: 30 },
  { id: 'purchase', label: 'خرید', description: 'انتخاب کرده‌ام و قرارداد را امضا می‌کنم.', targetDays: 21 },
  {
    id: 'onboarding',
    label: 'راه‌اندازی',
    description: 'خریده‌ام؛ حالا باید برای تیمم کار کند.',
    goal: 'زود به اولین نتیجه برسیم.',
    targetDays: 60,
  },
  { id: 'retention', label: 'حفظ مشتری', description: 'هر روز از آن استفاده می‌کنم.', targetDays: 365 },
  { id: 'advocacy', label: 'حمایت', description: 'آن را به دیگران پیشنهاد می‌کنم.' },
];
