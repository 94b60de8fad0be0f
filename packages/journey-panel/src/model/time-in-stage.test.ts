import { describe, expect, it } from 'vitest';
import { onTimeLeadState, overdueEnterpriseState } from '../test-fixtures/journey-states.ts';
import { timeInStageAt } from './time-in-stage.ts';

describe('timeInStageAt', () => {
  it('keeps the engine’s numbers at the moment of evaluation', () => {
    expect(timeInStageAt(onTimeLeadState, Date.parse(onTimeLeadState.evaluatedAt))).toEqual({
      days: 1.9,
      targetDays: 14,
      status: 'on-time',
      share: 1.9 / 14,
    });
  });

  it('counts on from the stage entry and turns overdue once the target passes', () => {
    const later = timeInStageAt(onTimeLeadState, Date.parse('2026-12-03T14:00:00Z'));
    expect(later).toMatchObject({ days: 15, status: 'overdue', share: 1 });
  });

  it('never goes back before the evaluation', () => {
    expect(timeInStageAt(overdueEnterpriseState, Date.parse('2020-01-01T00:00:00Z'))?.days).toBe(51.1);
  });
});
