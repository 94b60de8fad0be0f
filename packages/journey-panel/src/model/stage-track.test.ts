import { describe, expect, it } from 'vitest';
import { b2bStages } from '../test-fixtures/b2b-stages.ts';
import { atRiskRussianState, overdueEnterpriseState } from '../test-fixtures/journey-states.ts';
import { effectiveStages, stageTrack } from './stage-track.ts';

describe('stageTrack', () => {
  it('marks stages left by a backward move as revisited', () => {
    expect(stageTrack(b2bStages, overdueEnterpriseState).map((stop) => stop.progress)).toEqual([
      'completed',
      'current',
      'revisited',
      'upcoming',
      'upcoming',
      'upcoming',
      'upcoming',
    ]);
  });

  it('marks stages the customer jumped over as skipped', () => {
    expect(
      stageTrack(b2bStages, atRiskRussianState)
        .map((stop) => stop.progress)
        .slice(0, 4),
    ).toEqual(['completed', 'skipped', 'completed', 'current']);
  });

  it('invents stages from the state when the host has none', () => {
    expect(effectiveStages([], overdueEnterpriseState).map((stage) => stage.id)).toEqual([
      'awareness',
      'engagement',
      'evaluation',
    ]);
  });
});
