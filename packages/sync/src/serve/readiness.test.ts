import { describe, expect, it } from 'vitest';
import { readinessAnswer, readinessOfSyncs } from './readiness.ts';

describe('a fleet node’s readiness from its syncs', () => {
  it('is ready only when every sync is, and lists them all', () => {
    const syncs = [
      { sync: 'east', status: 'READY' as const },
      { sync: 'west', status: 'READY' as const },
    ];
    expect(readinessAnswer(readinessOfSyncs(syncs))).toEqual({ status: 200, body: { status: 'ready', syncs } });
  });

  it('says CRM_UNREACHABLE when every sync not ready waits for its CRM, NOT_READY otherwise, naming each', () => {
    const down = { sync: 'west', status: 'CRM_UNREACHABLE' as const, message: 'west is unreachable' };
    const early = { sync: 'north', status: 'NOT_READY' as const, message: 'no node has finished a run of it yet' };
    const ready = { sync: 'east', status: 'READY' as const };
    const unreachable = readinessAnswer(readinessOfSyncs([ready, down]));
    expect(unreachable).toEqual({
      status: 503,
      body: {
        error: {
          code: 'CRM_UNREACHABLE',
          message: '1 of 2 sync(s) not ready: west (CRM_UNREACHABLE: west is unreachable).',
        },
        syncs: [ready, down],
      },
    });
    const both = readinessAnswer(readinessOfSyncs([ready, down, early]));
    expect(both.status).toBe(503);
    expect(both.body).toMatchObject({ error: { code: 'NOT_READY' } });
    expect(JSON.stringify(both.body)).toContain(
      '2 of 3 sync(s) not ready: west (CRM_UNREACHABLE: west is unreachable); north (NOT_READY: no node has finished a run of it yet).',
    );
  });
});
