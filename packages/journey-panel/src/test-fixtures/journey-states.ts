import type { JourneyState, NextAction, StageTransition, Touchpoint } from '@crm-journey/connector';

// States as `crm-journey evaluate --journey journeys/salesforce-b2b.yaml --records fixtures/snapshots/…
// --as-of 2026-11-20T12:00:00Z --json` prints them, with more touchpoints than the snapshot holds so that
// the emotion curve has a shape, and (for ru / fa) the texts a journey written in that language renders.

/** The moment every fixture state was evaluated at. */
const EVALUATED_AT = '2026-11-20T12:00:00.000Z';
const OWNER = { kind: 'user', id: '005000000000001AAA' } as const;
const journey = { id: 'salesforce-b2b', revision: 1 } as const;

function step(at: string, from: string | null, to: string, reason: string): StageTransition {
  return { at, revision: 1, from, to, direction: from === null ? 'initial' : 'forward', reason };
}

function touch(
  at: string,
  channel: Touchpoint['channel'],
  emotion: number,
  stage: string,
  subject: string,
  object = 'Task',
  recordId = '00T000000000099AAA',
): Touchpoint {
  return { rule: channel, object, recordId, channel, at, subject, emotion, stage };
}

function action(key: string, fields: Partial<NextAction> & Pick<NextAction, 'type' | 'subject'>): NextAction {
  return {
    key,
    action: key.split(':').at(-1) ?? key,
    description: null,
    dueDate: null,
    priority: 'normal',
    owner: OWNER,
    mode: 'create',
    status: 'new',
    blockedBy: [],
    recordId: null,
    ...fields,
  };
}

const wisniewski = 'cj:salesforce-b2b:001000000000041AAA:engagement:u8k2c1';

/** An enterprise account moved back to Engagement after its deal was lost; overdue in the stage. */
export const overdueEnterpriseState: JourneyState = {
  journey,
  customer: { type: 'Account', id: '001000000000041AAA', name: 'Zakłady Mechaniczne Wiśniewski S.A.' },
  segment: 'enterprise',
  stage: 'engagement',
  stageEnteredAt: '2026-09-30T09:00:00.000Z',
  timeInStage: { days: 51.1, targetDays: 21, status: 'overdue' },
  highWaterStage: 'evaluation',
  guidance: 'Map the buying group at Zakłady Mechaniczne Wiśniewski S.A. and agree the next step in writing.',
  history: [
    step('2026-03-01T09:00:00.000Z', null, 'awareness', 'Matched the conditions of "Awareness".'),
    step('2026-03-05T09:00:00.000Z', 'awareness', 'engagement', 'Matched the conditions of "Engagement".'),
    step('2026-04-01T09:00:00.000Z', 'engagement', 'evaluation', 'Matched the conditions of "Evaluation".'),
    {
      at: '2026-09-30T09:00:00.000Z',
      revision: 1,
      from: 'evaluation',
      to: 'engagement',
      direction: 'backward',
      reason: 'Every open deal was lost; back to nurturing.',
      move: 'deal-lost',
      outcome: 'lost',
    },
  ],
  touchpoints: [
    touch(
      '2026-03-01T09:00:00.000Z',
      'web',
      0,
      'awareness',
      'Contact form: predictive maintenance',
      'Lead',
      '00Q000000000042AAA',
    ),
    touch('2026-03-05T09:00:00.000Z', 'phone', 1, 'engagement', 'Discovery call', 'Task', '00T000000000043AAA'),
    touch('2026-03-19T10:00:00.000Z', 'email', 0, 'engagement', 'Case study: rolling mill uptime'),
    touch('2026-04-08T08:00:00.000Z', 'in-person', 1, 'evaluation', 'Plant visit in Katowice', 'Event'),
    touch('2026-05-14T12:00:00.000Z', 'in-person', 2, 'evaluation', 'Executive sponsor meeting', 'Event'),
    touch('2026-06-22T07:30:00.000Z', 'support', -1, 'evaluation', 'Pilot: gaps in sensor data', 'Case'),
    touch('2026-07-30T09:00:00.000Z', 'email', -1, 'evaluation', 'Procurement pushes back on price'),
    touch('2026-09-28T13:00:00.000Z', 'phone', -2, 'evaluation', 'They chose another vendor'),
    touch('2026-10-02T09:00:00.000Z', 'phone', -1, 'engagement', 'Follow-up after loss', 'Task', '00T000000000048AAA'),
    touch('2026-11-06T16:00:00.000Z', 'social', 1, 'engagement', 'Shared our post on predictive maintenance'),
  ],
  nextActions: [
    action(`${wisniewski}:discovery-call`, {
      type: 'call',
      subject: 'Discovery call with Zakłady Mechaniczne Wiśniewski S.A.',
      dueDate: '2026-10-05',
      priority: 'high',
    }),
    action(`${wisniewski}:send-case-study`, {
      type: 'email',
      subject: 'Send a case study from the same industry',
      dueDate: '2026-10-02',
      mode: 'suggest',
      status: 'blocked',
      blockedBy: [`${wisniewski}:discovery-call`],
    }),
    action(`${wisniewski}:stakeholder-map`, {
      type: 'task',
      subject: 'Map the new buying group after the reorganisation',
      dueDate: '2026-11-27',
      mode: 'suggest',
    }),
    action(`${wisniewski}:loss-review`, {
      type: 'meeting',
      subject: 'Loss review with the account team',
      dueDate: '2026-10-09',
      status: 'done',
      recordId: '00T000000000051AAA',
    }),
  ],
  evaluatedAt: EVALUATED_AT,
};

const volna = 'cj:salesforce-b2b:001000000000011AAA:purchase:p1x9q3';

/** A Russian enterprise account in Purchase, at risk, with one task already created. */
export const atRiskRussianState: JourneyState = {
  journey,
  customer: { type: 'Accounts', id: '9a1f0c2e-11aa-4c55-8d1e-000000000011', name: 'ООО «Северный ветер»' },
  segment: 'enterprise',
  stage: 'purchase',
  stageEnteredAt: '2026-10-25T08:00:00.000Z',
  timeInStage: { days: 26.2, targetDays: 30, status: 'at-risk' },
  highWaterStage: 'purchase',
  guidance: 'Согласуйте план закрытия сделки «Северный ветер — мониторинг турбин»; уточните, кто и когда подписывает.',
  history: [
    step('2026-06-01T07:00:00.000Z', null, 'awareness', 'Выполнены условия этапа «Осведомлённость».'),
    step('2026-09-01T08:00:00.000Z', 'awareness', 'evaluation', 'Открыта сделка «Северный ветер — мониторинг турбин».'),
    step('2026-10-25T08:00:00.000Z', 'evaluation', 'purchase', 'Сделка перешла в стадию «Согласование цены».'),
  ],
  touchpoints: [
    touch('2026-06-01T07:00:00.000Z', 'web', 0, 'awareness', 'Заявка с сайта: мониторинг турбин', 'Leads'),
    touch('2026-06-18T09:00:00.000Z', 'phone', 1, 'awareness', 'Первый звонок с главным инженером', 'Calls'),
    touch('2026-09-15T12:00:00.000Z', 'in-person', 1, 'evaluation', 'Встреча: техническая оценка', 'Meetings'),
    touch('2026-10-03T10:00:00.000Z', 'email', 0, 'evaluation', 'Отправлено коммерческое предложение', 'Emails'),
    touch('2026-10-20T08:30:00.000Z', 'support', -1, 'evaluation', 'Вопрос по совместимости с SCADA', 'Cases'),
    touch('2026-11-12T11:00:00.000Z', 'phone', 1, 'purchase', 'Звонок: юристы согласовали договор', 'Calls'),
  ],
  nextActions: [
    action(`${volna}:close-plan`, {
      type: 'task',
      subject: 'Согласовать план закрытия для «Северный ветер — мониторинг турбин»',
      dueDate: '2026-12-08',
      priority: 'high',
      status: 'existing',
      recordId: '7c0d5a11-18aa-4c55-8d1e-000000000018',
    }),
    action(`${volna}:legal-review`, {
      type: 'task',
      subject: 'Назначить юридическую и закупочную проверку',
      dueDate: '2026-11-24',
      mode: 'suggest',
    }),
    action(`${volna}:exec-call`, {
      type: 'call',
      subject: 'Звонок генеральному директору перед подписанием',
      dueDate: '2026-11-27',
      owner: { kind: 'user', id: 'seed_sally_id' },
    }),
  ],
  evaluatedAt: EVALUATED_AT,
};

const pars = 'cj:salesforce-b2b:001000000000019AAA:onboarding:m3n7d2';

/** A Persian small-business account in Onboarding, at risk, with one action done and one overdue. */
export const persianOnboardingState: JourneyState = {
  journey,
  customer: { type: 'Account', id: '001000000000019AAA', name: 'شرکت پارس داده' },
  segment: 'smb',
  stage: 'onboarding',
  stageEnteredAt: '2026-10-01T06:00:00.000Z',
  timeInStage: { days: 50.3, targetDays: 60, status: 'at-risk' },
  highWaterStage: 'onboarding',
  guidance: 'ظرف یک هفته پس از امضا جلسهٔ شروع را برگزار کنید و معیارهای موفقیت را با شرکت پارس داده توافق کنید.',
  history: [
    step('2026-05-10T06:00:00.000Z', null, 'awareness', 'شرایط مرحلهٔ «آگاهی» برقرار شد.'),
    step('2026-07-01T06:00:00.000Z', 'awareness', 'evaluation', 'فرصت فروش «پارس داده — داشبورد فروش» باز شد.'),
    step('2026-08-15T06:00:00.000Z', 'evaluation', 'purchase', 'پیش‌فاکتور ارسال شد.'),
    step('2026-10-01T06:00:00.000Z', 'purchase', 'onboarding', 'قرارداد امضا شد.'),
  ],
  touchpoints: [
    touch('2026-05-10T06:00:00.000Z', 'web', 0, 'awareness', 'درخواست دمو از وب‌سایت', 'Lead'),
    touch('2026-06-02T08:00:00.000Z', 'phone', 1, 'awareness', 'تماس اول با مدیر فروش'),
    touch('2026-07-12T09:00:00.000Z', 'in-person', 2, 'evaluation', 'جلسهٔ نمایش محصول', 'Event'),
    touch('2026-08-20T07:00:00.000Z', 'email', 0, 'purchase', 'ارسال پیش‌فاکتور'),
    touch('2026-10-06T07:00:00.000Z', 'in-person', 1, 'onboarding', 'جلسهٔ شروع پروژه', 'Event'),
    touch(
      '2026-11-10T06:00:00.000Z',
      'support',
      -1,
      'onboarding',
      'خطا در همگام‌سازی داده‌ها',
      'Case',
      '500000000000026AAA',
    ),
  ],
  nextActions: [
    action(`${pars}:health-check`, {
      type: 'call',
      subject: 'بررسی وضعیت ۳۰ روزه با شرکت پارس داده',
      dueDate: '2026-10-31',
    }),
    action(`${pars}:data-sync`, {
      type: 'meeting',
      subject: 'جلسهٔ رفع خطای همگام‌سازی با تیم فنی',
      dueDate: '2026-11-23',
      mode: 'suggest',
      priority: 'high',
    }),
    action(`${pars}:kickoff`, {
      type: 'meeting',
      subject: 'جلسهٔ شروع راه‌اندازی با شرکت پارس داده',
      dueDate: '2026-10-08',
      priority: 'high',
      status: 'done',
      recordId: '00T000000000025AAA',
    }),
  ],
  evaluatedAt: EVALUATED_AT,
};

/** An unconverted lead, two days into Awareness: on time. */
export const onTimeLeadState: JourneyState = {
  journey,
  customer: { type: 'Lead', id: '00Q000000000049AAA', name: 'Дмитрий Волков' },
  segment: null,
  stage: 'awareness',
  stageEnteredAt: '2026-11-18T14:00:00.000Z',
  timeInStage: { days: 1.9, targetDays: 14, status: 'on-time' },
  highWaterStage: 'awareness',
  guidance: 'Qualify Волков и партнёры within a day; ask what triggered the enquiry.',
  history: [step('2026-11-18T14:00:00.000Z', null, 'awareness', 'Matched the conditions of "Awareness".')],
  touchpoints: [
    touch('2026-11-18T14:00:00.000Z', 'web', 0, 'awareness', 'Волков и партнёры', 'Lead', '00Q000000000049AAA'),
  ],
  nextActions: [
    action('cj:salesforce-b2b:00Q000000000049AAA:awareness:lk3j9a:qualify-lead', {
      type: 'call',
      subject: 'Qualify Волков и партнёры: call Дмитрий Волков',
      description: 'Confirm the need, the budget holder and the timeline. Log the outcome on the call.',
      dueDate: '2026-11-19',
      priority: 'high',
    }),
  ],
  evaluatedAt: EVALUATED_AT,
};

/** An account whose lead phase is in its history (converted 2026-07-14), now in Evaluation. */
export const convertedAccountState: JourneyState = {
  journey,
  customer: { type: 'Account', id: '001000000000001AAA', name: 'Kowalski Logistyka sp. z o.o.' },
  segment: null,
  stage: 'evaluation',
  stageEnteredAt: '2026-08-05T10:00:00.000Z',
  timeInStage: { days: 107.1, targetDays: 30, status: 'overdue' },
  highWaterStage: 'evaluation',
  guidance: 'Open deal: Kowalski – fleet tracking rollout (Needs Analysis). Show value before price.',
  history: [
    step('2026-07-10T08:30:00.000Z', null, 'awareness', 'Matched the conditions of "Awareness".'),
    step('2026-07-15T10:00:00.000Z', 'awareness', 'engagement', 'Matched the conditions of "Engagement".'),
    step('2026-08-05T10:00:00.000Z', 'engagement', 'evaluation', 'Matched the conditions of "Evaluation".'),
  ],
  touchpoints: [
    touch(
      '2026-07-10T08:30:00.000Z',
      'web',
      0,
      'awareness',
      'Kowalski Logistyka sp. z o.o.',
      'Lead',
      '00Q000000000003AAA',
    ),
    touch('2026-07-16T10:00:00.000Z', 'phone', 1, 'engagement', 'Intro call', 'Task', '00T000000000006AAA'),
  ],
  nextActions: [],
  evaluatedAt: EVALUATED_AT,
};
