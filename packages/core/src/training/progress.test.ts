import { describe, expect, it } from 'vitest';
import { estimateProgress } from './progress.js';

const spent = (model: number) => ({ model, executed: 2 * model });

describe('estimateProgress', () => {
  it('extrapolates a FLOP budget from the measured FLOP rate', () => {
    const p = estimateProgress({
      step: 10,
      spent: spent(1e9),
      budget: { flops: 4e9 },
      sessionSteps: 10,
      sessionFlops: 1e9,
      sessionSeconds: 2,
    });
    expect(p).toEqual({ fraction: 0.25, flopsPerSecond: 5e8, etaSeconds: 6 });
  });

  it('measures only this session after a resume', () => {
    // Resumed at 3e9 of 4e9; this session did 0.5e9 in 1 s → 0.5e9 left at 5e8/s = 1 s.
    const p = estimateProgress({
      step: 35,
      spent: spent(3.5e9),
      budget: { flops: 4e9 },
      sessionSteps: 5,
      sessionFlops: 0.5e9,
      sessionSeconds: 1,
    });
    expect(p.etaSeconds).toBeCloseTo(1, 12);
    expect(p.fraction).toBeCloseTo(0.875, 12);
  });

  it('extrapolates a step budget from seconds per step, and takes the earlier end of two budgets', () => {
    const steps = estimateProgress({
      step: 20,
      spent: spent(0),
      budget: { steps: 100 },
      sessionSteps: 20,
      sessionFlops: 0,
      sessionSeconds: 10,
    });
    expect(steps).toEqual({ fraction: 0.2, flopsPerSecond: 0, etaSeconds: 40 });
    const both = estimateProgress({
      step: 20,
      spent: spent(2e9),
      budget: { steps: 100, flops: 3e9 },
      sessionSteps: 20,
      sessionFlops: 2e9,
      sessionSeconds: 10,
    });
    expect(both.fraction).toBeCloseTo(2 / 3, 12); // FLOPs are further along than steps
    expect(both.etaSeconds).toBeCloseTo(5, 12); // FLOPs run out in 5 s, steps in 40 s
  });

  it('has no ETA before anything is measured, and 0 once the budget is reached', () => {
    expect(
      estimateProgress({
        step: 0,
        spent: spent(0),
        budget: { flops: 1 },
        sessionSteps: 0,
        sessionFlops: 0,
        sessionSeconds: 0,
      }).etaSeconds,
    ).toBeUndefined();
    expect(
      estimateProgress({
        step: 5,
        spent: spent(7),
        budget: { flops: 5 },
        sessionSteps: 0,
        sessionFlops: 0,
        sessionSeconds: 0,
      }),
    ).toEqual({
      fraction: 1,
      flopsPerSecond: 0,
      etaSeconds: 0,
    });
  });
});
