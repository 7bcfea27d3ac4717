import { addFlops } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { ALL_COUNT_OPTIONS } from '../count-options.js';
import { FlopsArgumentError } from '../errors.js';
import { linearFlops } from '../layers/linear.js';
import { GOLDEN_PRESETS } from '../presets/golden-presets.js';
import { PROMPTED_TRANSFORMER } from '../testing/tiny-transformers.js';
import { decodeSchedule, decodeStepFlops } from './decode-schedule.js';
import { transformerFlops } from './transformer-flops.js';

const model = PROMPTED_TRANSFORMER;

describe('decodeSchedule', () => {
  it('prices one step per image token', () => {
    const d = decodeSchedule(model);
    expect(d.steps).toHaveLength(5);
    expect(d.total).toEqual(addFlops(d.prefill, ...d.steps));
  });

  for (const mask of ['causal', 'prefix-causal'] as const) {
    it(`equals a ${mask} forward over P + T − 1 positions plus one head (model FLOPs)`, () => {
      const shape = { ...model, mask };
      const d = decodeSchedule(shape);
      const forward = transformerFlops({ ...shape, tokenLength: 4 }).forward.model;
      const head = linearFlops({ tokens: 1, inFeatures: 8, outFeatures: 9 }).forward.model;
      expect(d.total.model).toBe(forward + head);
    });
  }

  it('keeps the identity with every optional family counted', () => {
    const d = decodeSchedule(model, { count: ALL_COUNT_OPTIONS });
    const forward = transformerFlops({ ...model, tokenLength: 4 }, ALL_COUNT_OPTIONS).forward.model;
    const headAndNorm = 2 * 8 * 9 + 7 * 8; // one head row + the final layer norm on it
    expect(d.total.model).toBe(forward + headAndNorm);
  });

  it('grows each step by the attention to one more key', () => {
    const d = decodeSchedule(model);
    // step k (k ≥ 1) attends P + k keys; one more key costs 2 matmuls · 2·H·Q · L = 2·2·8·2 FLOPs
    for (let k = 2; k < 5; k++) expect(d.steps[k]!.model - d.steps[k - 1]!.model).toBe(2 * 2 * 8 * 2);
    // step 0 is the head on the last prefix position only
    expect(d.steps[0]).toEqual({ model: 2 * 8 * 9, executed: 2 * 8 * 9 });
    expect(decodeStepFlops(model, 3)).toEqual(d.steps[3]);
  });

  it('executes gathered embeddings for free, one-hot ones as matmuls, and with a fixed buffer every cached slot', () => {
    const exact = decodeSchedule(model);
    // prefill: causal prefix attention computed in full (9 vs 6 pairs); gathers cost 0 forward
    expect(exact.prefill.executed - exact.prefill.model).toBe(2 * (9 - 6) * 2 * 2 * 8);
    expect(exact.steps[1]!.executed).toBe(exact.steps[1]!.model); // exactly the filled keys, a gathered token
    const oneHot = decodeSchedule(model, { count: { embedding: 'one-hot' } });
    expect(oneHot.prefill.executed - exact.prefill.executed).toBe(3 * 2 * 11 * 8); // prompt one-hot [3,11]·[11,8]
    expect(oneHot.steps[1]!.executed - oneHot.steps[1]!.model).toBe(2 * 9 * 8); // token one-hot
    const buffered = decodeSchedule(model, { cacheCapacity: 16 });
    const step = buffered.steps[1]!;
    expect(step.executed - step.model).toBe(2 * (16 - 4) * 2 * 2 * 8); // 16 keys scored, 4 kept
  });

  it('sums to far less than recomputing the whole sequence each step', () => {
    const shape = GOLDEN_PRESETS.demo;
    const d = decodeSchedule(shape);
    let naive = 0;
    for (let t = 1; t <= shape.tokenLength; t++)
      naive += transformerFlops({ ...shape, tokenLength: t }).forward.model;
    expect(d.total.model).toBeLessThan(naive / 10);
  });

  it('refuses a bidirectional model, a missing prefix and a small cache', () => {
    expect(() => decodeSchedule({ ...model, mask: 'bidirectional' })).toThrow(
      /cannot decode with a KV cache/,
    );
    expect(() => decodeSchedule({ ...model, prefixLength: 0, prefixVocab: 0 })).toThrow(
      /at least one prefix position/,
    );
    expect(() => decodeSchedule(model, { cacheCapacity: 6 })).toThrow(FlopsArgumentError);
    expect(() => decodeSchedule(model, { cacheCapacity: 6 })).toThrow(/capacity ≥ 7/);
    expect(() => decodeStepFlops(model, 5)).toThrow(/steps run 0 … 4/);
  });
});
