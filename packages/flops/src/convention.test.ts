import { describe, expect, it } from 'vitest';
import {
  addCosts,
  costFromForward,
  denseCost,
  ELEMENT_FLOPS,
  scaleCost,
  trainingFlops,
  ZERO_COST,
} from './convention.js';

describe('convention', () => {
  it('prices backward at 2 × forward, so training is 3 × forward', () => {
    const c = denseCost(100);
    expect(c.backward).toEqual({ model: 200, executed: 200 });
    expect(trainingFlops(c)).toEqual({ model: 300, executed: 300 });
  });

  it('takes an explicit backward factor (the executed embedding uses 1)', () => {
    expect(costFromForward({ model: 0, executed: 40 }, 1).backward).toEqual({ model: 0, executed: 40 });
  });

  it('adds and scales model and executed independently', () => {
    const a = costFromForward({ model: 1, executed: 2 });
    const b = costFromForward({ model: 10, executed: 30 });
    expect(addCosts(a, b, ZERO_COST)).toEqual({
      forward: { model: 11, executed: 32 },
      backward: { model: 22, executed: 64 },
    });
    expect(scaleCost(b, 3)).toEqual({
      forward: { model: 30, executed: 90 },
      backward: { model: 60, executed: 180 },
    });
  });

  it('freezes the per-element constants', () => {
    expect(Object.isFrozen(ELEMENT_FLOPS)).toBe(true);
    expect(ELEMENT_FLOPS.softmax).toBe(5);
  });
});
