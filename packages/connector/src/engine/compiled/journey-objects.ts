import type { JourneyDefinition } from '../../journey/journey-definition.ts';

/** The activity objects of a profile, deduplicated, in the profile's order (the order keys are looked up in). */
export function activityObjects(definition: JourneyDefinition): readonly string[] {
  return [...new Set(Object.values(definition.profile.activityObjects))];
}
