import { describe, expect, it } from 'vitest';
import { overdueEnterpriseState } from '../test-fixtures/journey-states.ts';
import { CURVE_BOX, emotionCurve } from './emotion-curve.ts';

describe('emotionCurve', () => {
  it('puts positive emotion above the axis and negative below, in time order', () => {
    const curve = emotionCurve(overdueEnterpriseState);
    expect(curve.points.map((point) => Math.sign(curve.axisY - point.y))).toEqual([0, 1, 0, 1, 1, -1, -1, -1, -1, 1]);
    expect(curve.points[0]?.x).toBe(CURVE_BOX.padding);
    expect(curve.points.at(-1)?.x).toBe(CURVE_BOX.width - CURVE_BOX.padding);
    expect(curve.counts).toEqual({ positive: 4, neutral: 2, negative: 4 });
    expect(curve.stageMarks).toHaveLength(3);
  });

  it('draws nothing without touchpoints', () => {
    expect(emotionCurve({ touchpoints: [], history: [] })).toMatchObject({ points: [], polyline: '', latest: null });
  });
});
