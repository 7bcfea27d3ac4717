import { describe, expect, it } from 'vitest';
import { resampleFlops } from './resample.js';

describe('resampleFlops', () => {
  it('copies for nearest upsampling', () => {
    const r = resampleFlops({ mode: 'nearest', height: 4, width: 4, channels: 3 });
    expect([r.outHeight, r.outWidth]).toEqual([8, 8]);
    expect(r.cost.forward).toEqual({ model: 0, executed: 0 });
  });

  it('prices bilinear upsampling at 4 multiply-adds per output', () => {
    expect(
      resampleFlops({ mode: 'bilinear', height: 4, width: 4, channels: 3, factor: 2 }).cost.forward.model,
    ).toBe(8 * 8 * 8 * 3);
  });

  it('prices average pooling at f² per output', () => {
    const r = resampleFlops({ mode: 'average', height: 8, width: 8, channels: 2 });
    expect([r.outHeight, r.outWidth]).toEqual([4, 4]);
    expect(r.cost.forward.model).toBe(4 * 4 * 2 * 4);
    expect(
      resampleFlops({ mode: 'average', height: 9, width: 9, channels: 1, factor: 3 }).cost.forward.model,
    ).toBe(9 * 9);
  });

  it('refuses to pool a side the factor does not divide', () => {
    expect(() => resampleFlops({ mode: 'average', height: 7, width: 8, channels: 1 })).toThrow(
      /divisible by 2/,
    );
  });
});
