import type { JourneyDefinition, StageDefinition } from './journey-definition.ts';
import type { JourneySetDefinition } from './journey-set.ts';

/**
 * One definition that names everything the journeys of a set read: their stages, moves, segments,
 * touchpoints and links, and each entry as one more stage condition. The read plans (Salesforce and Sugar)
 * are built from it, so a run reads the org once for the whole set. For reading and writing only: the
 * engine evaluates each customer with its own journey, never with this one.
 *
 * @example
 * connector.readCustomers(journeySetReadDefinition(set), { since });
 */
export function journeySetReadDefinition(set: JourneySetDefinition): JourneyDefinition {
  const [first, ...rest] = set.journeys;
  if (first === undefined) throw new RangeError('a journey set has at least one journey');
  if (rest.length === 0) return first;
  const stages: StageDefinition[] = [];
  for (const journey of set.journeys) {
    stages.push(...journey.stages);
    if (journey.entry !== undefined)
      stages.push({
        id: `entry-${journey.id}`,
        index: stages.length,
        label: `entry of ${journey.name}`,
        description: undefined,
        goal: undefined,
        targetDays: undefined,
        guidance: undefined,
        when: journey.entry,
        actions: [],
        keyFields: [],
        source: { id: `entry-${journey.id}`, label: 'entry', when: {}, actions: [] },
      });
  }
  const ids = set.journeys.map((journey) => journey.id);
  return {
    ...first,
    root: set.root,
    contactRoot: set.contactRoot,
    id: ids.join('+'),
    name: set.journeys.map((journey) => journey.name).join(' + '),
    revision: Math.max(...set.journeys.map((journey) => journey.revision)),
    file: set.journeys.map((journey) => journey.file).join(', '),
    links: Object.assign({}, ...set.journeys.map((journey) => journey.links)) as JourneyDefinition['links'],
    entry: undefined,
    order: undefined,
    members: ids,
    stages,
    moves: set.journeys.flatMap((journey) => journey.moves),
    segments: set.journeys.flatMap((journey) => journey.segments),
    touchpoints: set.journeys.flatMap((journey) => journey.touchpoints),
  };
}
