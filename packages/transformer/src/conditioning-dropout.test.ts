import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropConditioning, trainingConditioning } from './conditioning-dropout.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('dropConditioning', () => {
  const nullIds = [1, 9, 2, 0];

  it('replaces exactly the rows whose draw fell under the rate, and keeps null rows null', () => {
    const N = 400;
    const rows = Array.from({ length: N }, (_, i) => [1, 10 + (i % 50), 2, 0]);
    const cond = { ids: tf.tensor2d(rows, [N, 4], 'int32'), isNull: rows.map((_, i) => i === 3) };
    const rng = new Rng('drop');
    const draws = new Rng('drop');
    const expected = rows.map((_, i) => draws.uniform() < 0.25 || i === 3);
    const out = dropConditioning(cond, { rate: 0.25, nullIds, rng });
    expect(out.isNull).toEqual(expected);
    const ids = out.ids.arraySync();
    ids.forEach((row, i) => {
      expect(row).toEqual(expected[i] ? nullIds : rows[i]);
    });
    const fraction = expected.filter(Boolean).length / N;
    expect(Math.abs(fraction - 0.25)).toBeLessThan(0.07); // binomial sd ≈ 0.022
    tf.dispose([cond.ids, out.ids]);
  });

  it('rate 0 keeps every prompt, rate 1 drops every prompt', () => {
    const cond = { ids: tf.tensor2d([[1, 5, 2, 0]], [1, 4], 'int32'), isNull: [false] };
    expect(dropConditioning(cond, { rate: 0, nullIds, rng: new Rng(0) }).ids.arraySync()).toEqual([
      [1, 5, 2, 0],
    ]);
    expect(dropConditioning(cond, { rate: 1, nullIds, rng: new Rng(0) }).ids.arraySync()).toEqual([nullIds]);
  });

  it('names a wrong null length and a bad rate', () => {
    const cond = { ids: tf.tensor2d([[1, 5, 2]], [1, 3], 'int32'), isNull: [false] };
    expect(() => dropConditioning(cond, { nullIds, rng: new Rng(0) })).toThrow(/tokenizer.nullPrompt\(3\)/);
    expect(() => dropConditioning(cond, { rate: 1.5, nullIds: [1, 2, 3], rng: new Rng(0) })).toThrow(
      /not a probability/,
    );
  });
});

describe('trainingConditioning', () => {
  const nullIds = [1, 9, 2, 0];
  const rows = Array.from({ length: 50 }, (_, i) => [1, 10 + i, 2, 0]);

  it('drops as dropConditioning does while training, and returns the conditioning itself otherwise', () => {
    const cond = { ids: tf.tensor2d(rows, [50, 4], 'int32'), isNull: rows.map(() => false) };
    const options = { rate: 0.5, nullIds, rng: new Rng('t') };
    const trained = trainingConditioning(cond, true, options);
    const direct = dropConditioning(cond, { ...options, rng: new Rng('t') });
    expect(trained.isNull).toEqual(direct.isNull);
    expect(trained.ids.arraySync()).toEqual(direct.ids.arraySync());
    expect(trained.isNull.some(Boolean)).toBe(true);
    expect(trainingConditioning(cond, false, options)).toBe(cond);
    expect(trainingConditioning(cond, true, { ...options, rate: 0 })).toBe(cond);
    tf.dispose([cond.ids, trained.ids, direct.ids]);
  });
});
