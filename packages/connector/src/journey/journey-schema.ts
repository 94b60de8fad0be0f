import { z } from 'zod';
import { CrmSchema } from '../profiles/crm-schema.ts';

// The journey file, as a consultant writes it. These schemas are the single source of the types and
// of the JSON Schema that `crm-journey schema` prints. Conditions stay loose here (`ConditionSchema`):
// their shape depends on object and field names, so `conditions/normalize-*-condition.ts` checks them with
// messages that can suggest the right name.

const idPattern = /^[a-z][a-z0-9-]{0,39}$/;

/** A stable identifier: lower-case letters, digits and dashes, at most 40 characters. */
const IdSchema = z
  .string()
  .regex(idPattern, 'must be lower-case letters, digits and dashes, starting with a letter, at most 40 characters')
  .describe('A stable id: lower-case letters, digits and dashes (e.g. "evaluation"). Action keys are built from it.');

/** A condition over a customer's records, keyed by CRM object name, or `$and` / `$or` / `$not`. */
const ConditionSchema = z
  .record(z.string(), z.unknown())
  .describe(
    "A condition over the customer's records: { <Object>: <record condition> } (any record matches), or " +
      '{ <Object>: { $any | $all | $none: <record condition> } }, { <Object>: { $count: { where, $gte: 2 } } }, ' +
      'combined with $and / $or / $not. See docs/journey-file.md.',
  );

/** When an action is due. */
export const DueRuleSchema = z
  .strictObject({
    days: z.number().int().min(-3650).max(3650).optional().describe('Calendar days after the anchor.'),
    businessDays: z.number().int().min(0).max(2000).optional().describe('Business days (Mon-Fri) after the anchor.'),
    field: z
      .string()
      .optional()
      .describe('Anchor on a date field instead of stage entry, e.g. "Opportunity.CloseDate". Days may be negative.'),
  })
  .describe('When the action is due: days or business days after stage entry, or relative to a date field.');
/** A due-date rule. */
export type DueRule = z.infer<typeof DueRuleSchema>;

/** Who owns a created task. */
export const OwnerRuleSchema = z
  .union([
    z.literal('record-owner').describe("The customer root record's owner."),
    z.strictObject({ user: z.string().min(1).describe('A user id or username.') }),
    z.strictObject({ queue: z.string().min(1).describe('A queue (Salesforce) or team (Sugar) id.') }),
  ])
  .describe('Who owns the task: "record-owner", { user: <id> } or { queue: <id> }.');
/** An owner rule. */
export type OwnerRule = z.infer<typeof OwnerRuleSchema>;

/** An action the rep should take in a stage. */
export const ActionSchema = z
  .strictObject({
    id: IdSchema,
    type: z.enum(['task', 'call', 'meeting', 'email']).describe('What kind of activity.'),
    subject: z.string().min(1).max(255).describe('Subject template; {{Object.Field}} inserts a record field.'),
    description: z.string().max(32000).optional().describe('Description template, same placeholders.'),
    due: DueRuleSchema.optional(),
    priority: z.enum(['high', 'normal', 'low']).default('normal'),
    owner: OwnerRuleSchema.default('record-owner'),
    mode: z
      .enum(['create', 'suggest'])
      .default('suggest')
      .describe('"create": the sync writes the task; "suggest": the rep accepts or dismisses it in the panel.'),
    after: z
      .array(IdSchema)
      .default([])
      .describe('Ids of actions in the same stage that must be closed before this one is released.'),
    when: ConditionSchema.optional().describe('Only propose the action when this condition holds.'),
  })
  .describe('A next best action for reps in this stage.');
/** An action with defaults applied. */
export type Action = z.output<typeof ActionSchema>;

/** One stage of the journey, from the customer's point of view. */
export const StageSchema = z
  .strictObject({
    id: IdSchema,
    label: z.string().min(1).max(80),
    description: z.string().optional().describe("The stage from the customer's point of view."),
    goal: z.string().optional().describe("The customer's goal in this stage."),
    mindset: z
      .string()
      .optional()
      .describe('What the customer thinks and feels in this stage, as the workshop found it (shown on the map).'),
    targetDays: z.number().positive().max(3650).optional().describe('The customer SLA: days this stage should take.'),
    guidance: z.string().optional().describe('Guidance for reps; {{Object.Field}} inserts a record field.'),
    when: ConditionSchema.describe('The customer is (at least) in this stage when this condition holds.'),
    actions: z.array(ActionSchema).default([]),
    keyFields: z
      .array(z.string().min(1).max(120))
      .max(5)
      .optional()
      .describe(
        "Up to five fields of the customer's root record (Account, Contact) that matter in this stage, shown in the panel with their values and editable in place where the CRM host allows it.",
      ),
  })
  .describe('A stage of the journey.');
/** A stage with defaults applied. */
export type Stage = z.output<typeof StageSchema>;

/** An explicit backward move (lost, churned, disqualified) with the reason that goes into the history. */
export const MoveSchema = z
  .strictObject({
    id: IdSchema,
    label: z.string().min(1).max(80).optional(),
    outcome: z.enum(['lost', 'churned', 'disqualified', 'other']).default('other'),
    from: z.array(IdSchema).optional().describe('Stages this move applies from; default: every stage after "to".'),
    to: IdSchema.describe('The stage the customer moves back to.'),
    reason: z.string().min(1).describe('Why, in words a rep understands; it goes into the history.'),
    when: ConditionSchema,
  })
  .describe('A backward move.');
/** A backward move with defaults applied. */
export type Move = z.output<typeof MoveSchema>;

/** What a segment changes in a stage. */
const StageOverrideSchema = z.strictObject({
  targetDays: z.number().positive().max(3650).optional(),
  guidance: z.string().optional(),
  actions: z.array(ActionSchema).optional().describe("Replaces the stage's actions for this segment."),
});

/** A persona / ICP, chosen by data. The first matching segment wins. */
export const SegmentSchema = z
  .strictObject({
    id: IdSchema,
    label: z.string().min(1).max(80),
    description: z.string().optional(),
    when: ConditionSchema,
    stages: z.record(IdSchema, StageOverrideSchema).default({}).describe('Per-stage overrides, keyed by stage id.'),
  })
  .describe("A segment; the first one whose condition holds is the customer's.");
/** A segment with defaults applied. */
export type Segment = z.output<typeof SegmentSchema>;

/** An emotion rule: when an activity matches, it carries this score. */
const EmotionRuleSchema = z.strictObject({
  when: z.record(z.string(), z.unknown()).describe('A record condition on the activity record.'),
  score: z.number().int().min(-2).max(2).describe('-2 very negative ... +2 very positive.'),
  label: z.string().optional(),
});

/** Which activity records count as touchpoints, on which channel, with which emotion. */
export const TouchpointSchema = z
  .strictObject({
    id: IdSchema,
    object: z.string().min(1).describe('The CRM object, e.g. Task, Event, Case (Sugar: Calls, Meetings, Cases).'),
    when: z.record(z.string(), z.unknown()).default({}).describe('A record condition; empty means every record.'),
    channel: z.enum(['phone', 'email', 'web', 'social', 'in-person', 'support', 'other']),
    date: z.string().optional().describe('The date field to place it on the timeline; default: the created date.'),
    subject: z.string().optional().describe('The field shown as its title; default: Subject / name.'),
    emotion: z.array(EmotionRuleSchema).default([]).describe('First matching rule gives the score; none: neutral (0).'),
  })
  .describe('A touchpoint rule.');
/** A touchpoint rule with defaults applied. */
export type TouchpointRule = z.output<typeof TouchpointSchema>;

/** The whole journey file. */
export const JourneyFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    journey: IdSchema.describe('The journey id; part of every action key.'),
    name: z.string().min(1),
    revision: z.number().int().min(1).default(1).describe('Bump it when the rules change; states record it.'),
    crm: CrmSchema,
    customer: z
      .strictObject({
        root: z
          .string()
          .min(1)
          .describe('The customer root object: Account (B2B) or Contact (B2C); Sugar: Accounts / Contacts.'),
        links: z
          .record(z.string(), z.string())
          .default({})
          .describe('For custom objects: the field that points at the root record, e.g. { Invoice__c: Account__c }.'),
      })
      .describe('Which record is the customer. Unconverted leads are customers of their own.'),
    entry: ConditionSchema.optional().describe(
      'In a journey set (several journeys on one root object): the customers this journey takes. Each customer ' +
        'belongs to the first journey, by order, whose entry holds; without entry the journey takes every customer ' +
        'the earlier ones did not. See docs/journey-file.md#journey-sets.',
    ),
    order: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('In a journey set: the place of this journey; entries are tried from the lowest order up.'),
    resolution: z
      .enum(['furthest', 'latest'])
      .default('furthest')
      .describe(
        '"furthest": customers only move forward, except through an explicit backward move; ' +
          '"latest": the furthest stage that matches now, backward included.',
      ),
    atRiskShare: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.8)
      .describe('Share of the target after which a customer is "at risk" (default 0.8).'),
    actionWindowDays: z
      .number()
      .positive()
      .max(3650)
      .optional()
      .describe(
        'Days an action without a due date has to work before the report judges whether a move forward followed it (default 14).',
      ),
    stages: z.array(StageSchema).min(1),
    moves: z.array(MoveSchema).default([]),
    segments: z.array(SegmentSchema).default([]),
    touchpoints: z.array(TouchpointSchema).default([]),
  })
  .describe('A crm-journey journey file.');
/** A journey file with defaults applied. */
export type JourneyFile = z.output<typeof JourneyFileSchema>;

/**
 * The JSON Schema of the journey file, generated from the zod schemas.
 *
 * @example
 * JSON.stringify(journeyJsonSchema(), null, 2);
 */
export function journeyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(JourneyFileSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, $id: 'https://crm-journey.dev/schema/journey.schema.json', title: 'crm-journey journey file' };
}
