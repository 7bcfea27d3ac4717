import { describe, expect, it } from 'vitest';
import type { Estimate } from './estimate.js';
import { sideOfZero, tooFewEstimate } from './estimate.js';
import { type Comparison, decide, formatEstimate } from './finding.js';

const est = (low: number, high: number): Estimate => ({
  estimate: (low + high) / 2,
  low,
  high,
  confidence: 0.95,
  method: 'test',
});
const cmp = (e: Estimate, want: 'above' | 'below', role: Comparison['role'] = 'required'): Comparison => ({
  label: `[${e.low}, ${e.high}]`,
  unit: 'u',
  estimate: e,
  want,
  role,
});

describe('decision rule', () => {
  it('classifies intervals against zero; touching zero overlaps', () => {
    expect(sideOfZero(est(0.1, 0.3))).toBe('above');
    expect(sideOfZero(est(-0.3, -0.1))).toBe('below');
    expect(sideOfZero(est(0, 0.3))).toBe('overlaps');
    expect(sideOfZero(tooFewEstimate('1 seed', 0.95, 'x'))).toBe('too-few');
  });

  it('supports when every required interval is on its side', () => {
    const d = decide([
      cmp(est(0.1, 0.2), 'above'),
      cmp(est(-2, -1), 'below'),
      cmp(est(-0.1, 0.2), 'above', 'not-opposite'),
    ]);
    expect(d.verdict).toBe('supported');
    expect(d.comparisons.map((c) => c.side)).toEqual(['above', 'below', 'overlaps']);
  });

  it('refutes when any interval is clearly on the other side, even a secondary one', () => {
    expect(decide([cmp(est(0.1, 0.2), 'above'), cmp(est(0.5, 1), 'below')]).verdict).toBe('not supported');
    const d = decide([cmp(est(0.1, 0.2), 'above'), cmp(est(-0.4, -0.1), 'above', 'not-opposite')]);
    expect(d.verdict).toBe('not supported');
    expect(d.reason).toMatch(/\[-0.4, -0.1\] lies below 0/);
  });

  it('is inconclusive when an interval overlaps zero or has too few points, and says which', () => {
    const overlap = decide([cmp(est(0.1, 0.2), 'above'), cmp(est(-0.1, 0.2), 'above')]);
    expect(overlap.verdict).toBe('inconclusive');
    expect(overlap.reason).toMatch(/\[-0.1, 0.2\] overlaps 0/);
    const few = decide([
      cmp(est(0.1, 0.2), 'above'),
      cmp(tooFewEstimate('only 1 seed of flow', 0.95, 'x'), 'above'),
    ]);
    expect(few.verdict).toBe('inconclusive');
    expect(few.reason).toBe('Too few points: only 1 seed of flow.');
  });

  it('formats estimates with sign and interval', () => {
    expect(formatEstimate(est(0.1, 0.3))).toBe('+0.200 [0.100, 0.300]');
    expect(formatEstimate(tooFewEstimate('2 budgets', 0.95, 'x'))).toBe('n/a (2 budgets)');
    expect(formatEstimate({ ...tooFewEstimate('1 seed', 0.95, 'x'), estimate: -0.25 })).toBe(
      '-0.250 (point estimate, no interval: 1 seed)',
    );
  });
});
