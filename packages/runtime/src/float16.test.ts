import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16, fromFloat16Bits, toFloat16Bits } from './float16.js';

describe('float16', () => {
  it('encodes known bit patterns (IEEE 754 binary16)', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(0.5)).toBe(0x3800);
    expect(toFloat16Bits(65504)).toBe(0x7bff); // largest normal
    expect(toFloat16Bits(1e6)).toBe(0x7c00); // overflow → Infinity
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(1e-9)).toBe(0);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(fromFloat16Bits(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
  });

  it('round-trips every finite half exactly and rounds floats to within half an ulp', () => {
    for (let h = 0; h < 0x10000; h++) {
      if (((h >>> 10) & 0x1f) === 31) continue;
      expect(toFloat16Bits(fromFloat16Bits(h))).toBe(h === 0x8000 ? 0x8000 : h);
    }
    const xs = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const back = float16ToFloat32(float32ToFloat16(xs));
    for (let i = 0; i < xs.length; i++)
      expect(Math.abs(back[i]! - xs[i]!)).toBeLessThanOrEqual(2 ** -11 * 2 + 1e-12);
  });
});
