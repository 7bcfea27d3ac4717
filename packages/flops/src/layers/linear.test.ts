import { describe, expect, it } from 'vitest';
import { FlopsArgumentError } from '../errors.js';
import { linearFlops, linearParams } from './linear.js';

describe('linearFlops', () => {
  it('counts 2·n·k·m plus n·m for the bias', () => {
    // [3, 4] · [4, 12]: 36 outputs, each 4 multiply-adds = 8 FLOPs, plus one bias add.
    expect(linearFlops({ tokens: 3, inFeatures: 4, outFeatures: 12 }).forward).toEqual({
      model: 288,
      executed: 288,
    });
    expect(linearFlops({ tokens: 3, inFeatures: 4, outFeatures: 12, bias: true }).forward.model).toBe(
      288 + 36,
    );
  });

  it('prices backward as two matmuls of the same size', () => {
    expect(linearFlops({ tokens: 5, inFeatures: 7, outFeatures: 2 }).backward.model).toBe(2 * 2 * 5 * 7 * 2);
  });

  it('counts parameters', () => {
    expect(linearParams(4, 12)).toBe(48);
    expect(linearParams(4, 12, true)).toBe(60);
  });

  it('rejects a negative size naming the field', () => {
    expect(() => linearFlops({ tokens: 3, inFeatures: -4, outFeatures: 2 })).toThrow(FlopsArgumentError);
    expect(() => linearFlops({ tokens: 3, inFeatures: -4, outFeatures: 2 })).toThrow(
      /linearFlops\.inFeatures = -4/,
    );
  });
});
