import type { CustomerCondition } from '../conditions/condition-ast.ts';
import { checkIdentifier, type ConditionContext, type Path } from '../conditions/condition-context.ts';
import { normalizeCustomerCondition } from '../conditions/normalize-customer-condition.ts';
import { normalizeRecordCondition } from '../conditions/normalize-record-condition.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';
import { parseTemplate, type Template } from './template.ts';
import type { Diagnostic } from '../source/diagnostic.ts';
import type {
  ActionDefinition,
  JourneyDefinition,
  MoveDefinition,
  SegmentDefinition,
  StageDefinition,
  StageOverrideDefinition,
  TouchpointDefinition,
} from './journey-definition.ts';
import type { Action, JourneyFile } from './journey-schema.ts';
import { diagnosticAt, type SourceDocument } from '../source/parse-source.ts';
import { didYouMean } from '../source/suggest.ts';
import { ownValue } from '../records/own-value.ts';

/** Turns a schema-valid journey file into its definition, reporting every reference problem. */
export function normalizeJourney(
  source: JourneyFile,
  profile: CrmProfile,
  document: SourceDocument,
  context: ConditionContext,
): JourneyDefinition {
  const report = (
    path: Path,
    rule: string,
    message: string,
    fix?: string,
    severity: Diagnostic['severity'] = 'error',
    at: 'key' | 'value' = 'value',
  ): void => {
    context.diagnostics.push(diagnosticAt(document, path, severity, rule, message, fix, at));
  };
  const condition = (raw: unknown, path: Path): CustomerCondition =>
    normalizeCustomerCondition(raw, path, context) ?? { kind: 'and', path: 'invalid', items: [] };
  const template = (text: string | undefined, path: Path): Template | undefined => {
    if (text === undefined) return undefined;
    const parsed = parseTemplate(text);
    for (const part of parsed) {
      if (typeof part === 'string') continue;
      const fields = context.catalog.fields(part.object);
      if (fields === undefined && !context.catalog.isCustom(part.object)) {
        report(
          path,
          'unknown-object',
          `the placeholder {{${part.object}.${part.field}}} names an unknown object.`,
          didYouMean(part.object, context.catalog.objectNames()),
          'warning',
        );
      } else if (
        fields !== undefined &&
        !part.field.includes('.') &&
        ownValue(fields, part.field) === undefined &&
        !context.catalog.isCustom(part.field)
      ) {
        report(
          path,
          'unknown-field',
          `the placeholder {{${part.object}.${part.field}}} names an unknown field of ${part.object}.`,
          didYouMean(part.field, Object.keys(fields)),
          'warning',
        );
      }
    }
    return parsed;
  };
  const actions = (list: readonly Action[], path: Path): ActionDefinition[] =>
    list.map((action, index) => {
      const at = [...path, index];
      let dueField: ActionDefinition['dueField'];
      if (action.due?.field !== undefined) {
        const [object = '', field = ''] = action.due.field.split('.', 2);
        const fields = context.catalog.fields(object);
        const type = ownValue(fields, field);
        const named =
          checkIdentifier(context, 'object', object, [...at, 'due', 'field']) &&
          (field === '' || checkIdentifier(context, 'field', field, [...at, 'due', 'field']));
        if (!named) {
          // checkIdentifier has reported it; the catalogue checks below need a name.
        } else if (fields === undefined && !context.catalog.isCustom(object)) {
          report(
            [...at, 'due', 'field'],
            'unknown-object',
            `due.field names an unknown object "${object}".`,
            didYouMean(object, context.catalog.objectNames()) ?? 'Write e.g. `field: Opportunity.CloseDate`.',
          );
        } else if (field === '' || (fields !== undefined && type === undefined && !context.catalog.isCustom(field))) {
          report(
            [...at, 'due', 'field'],
            'unknown-field',
            `due.field must name a date field as Object.Field; "${action.due.field}" is not one.`,
            'Write e.g. `field: Opportunity.CloseDate`.',
          );
        } else if (type !== undefined && type !== 'date' && type !== 'datetime') {
          report(
            [...at, 'due', 'field'],
            'type-mismatch',
            `${action.due.field} is a ${type} field; due dates need a date field.`,
          );
        }
        dueField = { object, field };
      }
      return {
        id: action.id,
        type: action.type,
        subject: template(action.subject, [...at, 'subject']) ?? [],
        description: template(action.description, [...at, 'description']),
        due: action.due,
        dueField,
        priority: action.priority,
        owner: action.owner,
        mode: action.mode,
        after: action.after,
        when: action.when === undefined ? undefined : condition(action.when, [...at, 'when']),
        path: `${path.join('.')}[${index}]`,
      };
    });

  const root = source.customer.root;
  const rootCandidates = profile.customerRoots;
  if (!rootCandidates.includes(root)) {
    report(
      ['customer', 'root'],
      'invalid-root',
      `the customer root must be one of ${rootCandidates.join(', ')} on ${profile.crm}; got "${root}".`,
      didYouMean(root, rootCandidates) ??
        `Use ${rootCandidates[0] ?? ''} for B2B or ${rootCandidates[1] ?? ''} for B2C.`,
    );
  }

  checkLinks(source.customer.links, root, context);

  // Key fields are the root record's own fields (Path-style), checked against the catalogue like conditions.
  const keyFields = (list: readonly string[], path: Path): string[] => {
    const fields = context.catalog.fields(root);
    const seen = new Set<string>();
    list.forEach((field, i) => {
      if (seen.has(field))
        report([...path, i], 'duplicate-key-field', `key field "${field}" is listed twice.`, 'Remove the repeat.');
      seen.add(field);
      if (!checkIdentifier(context, 'field', field, [...path, i])) return;
      if (field.includes('.'))
        report(
          [...path, i],
          'invalid-key-field',
          `key field "${field}" must be a field of the ${root} record itself, not a related record's.`,
          `Write a field name of ${root}, e.g. \`Industry\`.`,
        );
      else if (fields !== undefined && fields[field] === undefined && !context.catalog.isCustom(field))
        report(
          [...path, i],
          'unknown-field',
          `key field "${field}" is not a field of ${root}.`,
          didYouMean(field, Object.keys(fields)) ??
            `Use a field of ${root}; \`validate --org\` checks the org's own fields.`,
        );
    });
    return [...list];
  };
  const stages: StageDefinition[] = source.stages.map((stage, index) => ({
    id: stage.id,
    index,
    label: stage.label,
    description: stage.description,
    goal: stage.goal,
    targetDays: stage.targetDays,
    guidance: template(stage.guidance, ['stages', index, 'guidance']),
    when: condition(stage.when, ['stages', index, 'when']),
    actions: actions(stage.actions, ['stages', index, 'actions']),
    source: stage,
    keyFields: keyFields(stage.keyFields ?? [], ['stages', index, 'keyFields']),
  }));
  const stageIndex = new Map(stages.map((stage) => [stage.id, stage.index]));
  const stageIds = stages.map((stage) => stage.id);

  const moves: MoveDefinition[] = source.moves.map((move, index) => {
    const toIndex = stageIndex.get(move.to);
    if (toIndex === undefined)
      report(['moves', index, 'to'], 'unknown-stage', `"${move.to}" is not a stage.`, didYouMean(move.to, stageIds));
    const target = toIndex ?? 0;
    const from = new Set<number>();
    (move.from ?? stageIds.slice(target + 1)).forEach((id, position) => {
      const at = stageIndex.get(id);
      if (at === undefined)
        report(
          ['moves', index, 'from', position],
          'unknown-stage',
          `"${id}" is not a stage.`,
          didYouMean(id, stageIds),
        );
      else if (toIndex !== undefined && at <= toIndex)
        report(
          ['moves', index, 'from', position],
          'not-backward',
          `a move from "${id}" to "${move.to}" does not go backward.`,
          `List only stages after "${move.to}" in from.`,
        );
      else from.add(at);
    });
    return {
      id: move.id,
      label: move.label ?? move.id,
      outcome: move.outcome,
      toIndex: target,
      fromIndexes: from,
      reason: move.reason,
      when: condition(move.when, ['moves', index, 'when']),
    };
  });

  const segments: SegmentDefinition[] = source.segments.map((segment, index) => {
    const overrides = new Map<string, StageOverrideDefinition>();
    for (const [stageId, override] of Object.entries(segment.stages)) {
      const at = ['segments', index, 'stages', stageId];
      if (!stageIndex.has(stageId)) {
        report(
          at,
          'unknown-stage',
          `segment "${segment.id}" overrides "${stageId}", which is not a stage.`,
          didYouMean(stageId, stageIds),
          'error',
          'key',
        );
        continue;
      }
      overrides.set(stageId, {
        targetDays: override.targetDays,
        guidance: template(override.guidance, [...at, 'guidance']),
        actions: override.actions === undefined ? undefined : actions(override.actions, [...at, 'actions']),
      });
    }
    return {
      id: segment.id,
      label: segment.label,
      when: condition(segment.when, ['segments', index, 'when']),
      stages: overrides,
      source: segment,
    };
  });

  const touchpoints: TouchpointDefinition[] = source.touchpoints.map((touchpoint, index) => {
    const at = ['touchpoints', index];
    const fields = context.catalog.fields(touchpoint.object);
    const named = checkIdentifier(context, 'object', touchpoint.object, [...at, 'object']);
    if (named && fields === undefined && !context.catalog.isCustom(touchpoint.object)) {
      report(
        [...at, 'object'],
        'unknown-object',
        `unknown object "${touchpoint.object}".`,
        didYouMean(touchpoint.object, context.catalog.objectNames()),
      );
    }
    const dateField = touchpoint.date ?? profile.createdField;
    const dateNamed = touchpoint.date === undefined || checkIdentifier(context, 'field', dateField, [...at, 'date']);
    if (
      dateNamed &&
      fields !== undefined &&
      ownValue(fields, dateField) === undefined &&
      !context.catalog.isCustom(dateField)
    ) {
      report(
        [...at, 'date'],
        'unknown-field',
        `unknown field "${dateField}" on ${touchpoint.object}.`,
        didYouMean(dateField, Object.keys(fields)),
      );
    }
    const subjectField = touchpoint.subject ?? profile.subjectField;
    if (
      touchpoint.subject !== undefined &&
      checkIdentifier(context, 'field', subjectField, [...at, 'subject']) &&
      fields !== undefined &&
      ownValue(fields, subjectField) === undefined &&
      !context.catalog.isCustom(subjectField)
    ) {
      report(
        [...at, 'subject'],
        'unknown-field',
        `unknown field "${subjectField}" on ${touchpoint.object}.`,
        didYouMean(subjectField, Object.keys(fields)),
      );
    }
    const all = { kind: 'all', path: '' } as const;
    return {
      id: touchpoint.id,
      object: touchpoint.object,
      where: normalizeRecordCondition(touchpoint.object, touchpoint.when, [...at, 'when'], context) ?? all,
      channel: touchpoint.channel,
      dateField,
      subjectField,
      emotion: touchpoint.emotion.map((rule, position) => ({
        where:
          normalizeRecordCondition(touchpoint.object, rule.when, [...at, 'emotion', position, 'when'], context) ?? all,
        score: rule.score,
        label: rule.label,
      })),
    };
  });

  return {
    id: source.journey,
    name: source.name,
    revision: source.revision,
    file: document.file,
    profile,
    root,
    links: source.customer.links,
    entry: source.entry === undefined ? undefined : condition(source.entry, ['entry']),
    order: source.order,
    resolution: source.resolution,
    atRiskShare: source.atRiskShare,
    stages,
    moves,
    segments,
    touchpoints,
    source,
  };
}

/**
 * `customer.links`: each object and link field must be a name under the CRM's rules (they go into the
 * read's queries), the field a plain field of the object, and, where the catalogue knows the object's
 * fields (an org's describe), one of them.
 */
function checkLinks(links: Readonly<Record<string, string>>, root: string, context: ConditionContext): void {
  for (const [object, field] of Object.entries(links)) {
    const at = ['customer', 'links', object];
    if (!checkIdentifier(context, 'object', object, at, 'key')) continue;
    if (!checkIdentifier(context, 'field', field, at)) continue;
    if (field.includes('.')) {
      context.diagnostics.push(
        diagnosticAt(
          context.document,
          at,
          'error',
          'invalid-field',
          `customer.links.${object} must name a field of ${object} itself; "${field}" is a path through another record.`,
          `Write the lookup field of ${object} that points at ${root}, e.g. ${root}__c.`,
        ),
      );
      continue;
    }
    const fields = context.catalog.fields(object);
    if (fields !== undefined && ownValue(fields, field) === undefined)
      context.diagnostics.push(
        diagnosticAt(
          context.document,
          at,
          'error',
          'unknown-field',
          `unknown field "${field}" on ${object}, named as its link to ${root}.`,
          didYouMean(field, Object.keys(fields)) ?? `Use the lookup field of ${object} that points at ${root}.`,
        ),
      );
  }
}
