import { describeCustomerCondition } from '../conditions/describe-condition.ts';
import type { Diagnostic } from '../source/diagnostic.ts';
import { diagnosticAt, type SourceDocument } from '../source/parse-source.ts';
import { entriesDisjoint, entryShadowed } from './entries-disjoint.ts';
import type { JourneyDefinition } from './journey-definition.ts';

/** One validated member of a set, with the document its positions come from. */
export interface SetMember {
  readonly journey: JourneyDefinition;
  readonly document: SourceDocument;
}

const label = (member: SetMember): string => `"${member.journey.id}" (${member.journey.file})`;

/**
 * The rules of a journey set, on members already valid one by one: one CRM, unique ids and orders (the
 * one journey without entry may omit it: it is tried last), every journey but the last of its root with
 * an entry, no entry shadowed by an earlier one; warnings for entries that may overlap and stage ids two
 * journeys of one root share. Returns the members in order.
 */
export function applyJourneySetRules(members: readonly SetMember[], diagnostics: Diagnostic[]): SetMember[] {
  const report = (
    member: SetMember,
    path: readonly (string | number)[],
    rule: string,
    message: string,
    fix: string,
    severity: Diagnostic['severity'] = 'error',
  ): void => {
    diagnostics.push(diagnosticAt(member.document, path, severity, rule, message, fix));
  };
  const [first] = members;
  if (first === undefined || members.length === 1) return [...members];
  const ids = new Map<string, SetMember>();
  const orders = new Map<number, SetMember>();
  for (const member of members) {
    const { journey } = member;
    if (journey.profile.crm !== first.journey.profile.crm)
      report(
        member,
        ['crm'],
        'set-mixed-crm',
        `journey ${label(member)} is for ${journey.profile.crm}, but ${label(first)} is for ${first.journey.profile.crm}; a set runs against one org.`,
        'Run the journeys of each CRM as their own set (a separate sync with its own target).',
      );
    const twin = ids.get(journey.id);
    if (twin) {
      report(
        member,
        ['journey'],
        'duplicate-journey-id',
        `the journey id "${journey.id}" is also the id of ${twin.journey.file}; states and action keys are keyed by it.`,
        'Give each journey of the set its own id.',
      );
    } else ids.set(journey.id, member);
    // The one journey without order or entry is the catch-all: it is tried last, so it needs no order.
    const catchAll = journey.entry === undefined && members.filter((m) => m.journey.entry === undefined).length === 1;
    if (journey.order === undefined && !catchAll) {
      report(
        member,
        ['journey'],
        'missing-order',
        `journey ${label(member)} is one of ${members.length} journeys of the set but has no order, so which one takes a customer is undefined.`,
        'Add `order: <n>` (entries are tried from the lowest order up).',
      );
    } else if (journey.order !== undefined) {
      const same = orders.get(journey.order);
      if (same)
        report(
          member,
          ['order'],
          'duplicate-order',
          `order ${journey.order} is also the order of ${label(same)}.`,
          'Give each journey of the set a different order.',
        );
      else orders.set(journey.order, member);
    }
  }
  const sorted = [...members].sort((a, b) => (a.journey.order ?? Infinity) - (b.journey.order ?? Infinity));
  sorted.forEach((member, index) => {
    // Journeys on the other root never compete with this one for accounts or contacts, only for leads.
    const next = sorted.slice(index + 1).find((later) => later.journey.root === member.journey.root);
    if (member.journey.entry === undefined && next !== undefined)
      report(
        member,
        ['journey'],
        'missing-entry',
        `journey ${label(member)} has no entry, so it takes every customer and ${label(next)} after it would get none; both write ${member.journey.profile.journeyFields.stage} on ${member.journey.root}.`,
        'Add an `entry:` condition to it, or give it the highest order so it takes only the customers the others leave.',
      );
    const { entry } = member.journey;
    for (const earlier of sorted.slice(0, index)) {
      const before = earlier.journey.entry;
      if (before === undefined) continue;
      if (entry !== undefined && entryShadowed(before, entry)) {
        report(
          member,
          ['entry'],
          'unreachable-entry',
          `every customer this entry takes is taken first by ${label(earlier)} (order ${earlier.journey.order ?? '?'}), whose entry is: ${describeCustomerCondition(before)}.`,
          `Give this journey a lower order than ${earlier.journey.id}, or exclude these customers from its entry with \`$not\`.`,
        );
      } else if (entry !== undefined && !entriesDisjoint(before, entry, member.journey.root)) {
        report(
          member,
          ['entry'],
          'overlapping-entries',
          `a customer may meet both this entry and the entry of ${label(earlier)}; it then goes to ${earlier.journey.id} (lower order).`,
          `If that is meant, nothing to do; otherwise make the entries exclusive, e.g. test one field of ${member.journey.root} with different values.`,
          'warning',
        );
      }
    }
  });
  const stages = new Map<string, SetMember>();
  for (const member of sorted) {
    member.journey.stages.forEach((stage, index) => {
      // Journeys on different roots write their stage fields on different objects.
      const key = `${member.journey.root}\u0000${stage.id}`;
      const owner = stages.get(key);
      if (owner && owner !== member)
        report(
          member,
          ['stages', index, 'id'],
          'shared-stage-id',
          `stage "${stage.id}" is also a stage of ${label(owner)}; both write it to ${member.journey.profile.journeyFields.stage}, where a report by that field cannot tell them apart.`,
          `Prefix the stage ids per journey (e.g. "${member.journey.id}-${stage.id}") if reports read the stage field.`,
          'warning',
        );
      else stages.set(key, member);
    });
  }
  return sorted;
}
