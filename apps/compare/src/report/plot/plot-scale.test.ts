import { describe, expect, it } from 'vitest';
import { formatLinear, makeScale, niceStep, paddedDomain, ticks } from './plot-scale.js';

describe('plot scales', () => {
  it('maps linear and log domains onto pixels (y axes run downwards)', () => {
    const lin = makeScale('linear', [0, 10], [300, 0]);
    expect(lin.map(0)).toBe(300);
    expect(lin.map(2.5)).toBe(225);
    const log = makeScale('log', [1e10, 1e14], [0, 400]);
    expect(log.map(1e12)).toBeCloseTo(200, 9);
    expect(log.map(1e13)).toBeCloseTo(300, 9);
  });

  it('pads domains, ignores non-positive values on log axes and widens single values', () => {
    expect(paddedDomain([0, 10], 'linear')).toEqual([-0.6, 10.6]);
    const [lo, hi] = paddedDomain([-1, 1e10, 1e12], 'log');
    expect(Math.log10(lo)).toBeCloseTo(10 - 0.12, 9);
    expect(Math.log10(hi)).toBeCloseTo(12 + 0.12, 9);
    expect(paddedDomain([5], 'linear')).toEqual([5 - 0.5 - 0.06, 5 + 0.5 + 0.06]);
  });

  it('chooses 1-2-5 steps', () => {
    expect(niceStep(10)).toBe(2);
    expect(niceStep(37)).toBe(5);
    expect(niceStep(0.9)).toBeCloseTo(0.2, 12);
    expect(niceStep(1000)).toBe(200);
  });

  it('labels linear ticks with the decimals the step needs', () => {
    const t = ticks(makeScale('linear', [-0.6, 10.6], [0, 1]));
    expect(t.map((x) => x.label)).toEqual(['0', '2', '4', '6', '8', '10']);
    expect(formatLinear(0.25, 0.05)).toBe('0.25');
    expect(formatLinear(2.5e6, 5e5)).toBe('2.5×10^6');
  });

  it('puts decade ticks on wide log ranges, 1-3 ticks on middling and 1-2-5 ticks on narrow ones', () => {
    expect(ticks(makeScale('log', [3e11, 2e15], [0, 1])).map((x) => x.label)).toEqual([
      '10^12',
      '10^13',
      '10^14',
      '10^15',
    ]);
    expect(ticks(makeScale('log', [1.5e9, 3e10], [0, 1])).map((x) => x.label)).toEqual([
      '3×10^9',
      '10^10',
      '3×10^10',
    ]);
    expect(ticks(makeScale('log', [15, 120], [0, 1])).map((x) => x.label)).toEqual([
      '2×10^1',
      '5×10^1',
      '10^2',
    ]);
  });
});
