import type { JourneyDefinition } from '../../journey/journey-definition.ts';
import type { Template } from '../template.ts';

/** The activity objects of a profile, deduplicated, in the profile's order (the order keys are looked up in). */
export function activityObjects(definition: JourneyDefinition): readonly string[] {
  return [...new Set(Object.values(definition.profile.activityObjects))];
}

/** The objects a journey's templates and due dates read their latest record from. */
export function templateObjects(definition: JourneyDefinition): readonly string[] {
  const objects = new Set<string>();
  const add = (template: Template | undefined): void => {
    for (const part of template ?? []) {
      if (typeof part === 'string') continue;
      objects.add(part.object);
      for (const alternative of part.alternatives) objects.add(alternative.object);
    }
  };
  const addActions = (actions: JourneyDefinition['stages'][number]['actions'] | undefined): void => {
    for (const action of actions ?? []) {
      add(action.subject);
      add(action.description);
      if (action.dueField) objects.add(action.dueField.object);
    }
  };
  for (const stage of definition.stages) {
    add(stage.guidance);
    addActions(stage.actions);
  }
  for (const segment of definition.segments) {
    for (const override of segment.stages.values()) {
      add(override.guidance);
      addActions(override.actions);
    }
  }
  return [...objects];
}
