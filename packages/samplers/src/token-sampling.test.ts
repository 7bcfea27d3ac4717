import { Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { gumbel, logProbability, row, sampleIndex, tokenDistribution } from './token-sampling.js';

const off = { temperature: 1, topK: 0, topP: 1 };
const expectProbs = (actual: Float64Array, expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  for (const [i, p] of expected.entries()) expect(actual[i]).toBeCloseTo(p, 12);
};

describe('tokenDistribution', () => {
  it('is the softmax with filters off', () => {
    const e = Math.E;
    const z = 1 + e + e * e;
    expectProbs(tokenDistribution(row([0, 1, 2]), off), [1 / z, e / z, (e * e) / z]);
  });

  it('divides logits by the temperature', () => {
    // [2, 0] / 2 = [1, 0] → [e, 1] / (e + 1)
    expectProbs(tokenDistribution(row([2, 0]), { ...off, temperature: 2 }), [
      Math.E / (Math.E + 1),
      1 / (Math.E + 1),
    ]);
  });

  it('is greedy at temperature 0 (first index on ties)', () => {
    expectProbs(tokenDistribution(row([1, 3, 3, 0]), { ...off, temperature: 0 }), [0, 1, 0, 0]);
  });

  it('keeps the top k', () => {
    const e = Math.E;
    expectProbs(tokenDistribution(row([2, 1, 0]), { ...off, topK: 2 }), [e / (e + 1), 1 / (e + 1), 0]);
    expectProbs(tokenDistribution(row([0, 5, 1]), { ...off, topK: 1 }), [0, 1, 0]);
    expectProbs(tokenDistribution(row([2, 1, 0]), { ...off, topK: 3 }), [
      ...tokenDistribution(row([2, 1, 0]), off),
    ]);
  });

  it('keeps the smallest nucleus with mass ≥ p, at least one token', () => {
    const logits = [0.5, 0.3, 0.2].map(Math.log);
    expectProbs(tokenDistribution(row(logits), { ...off, topP: 0.8 }), [0.625, 0.375, 0]);
    expectProbs(tokenDistribution(row(logits), { ...off, topP: 0.5 }), [1, 0, 0]);
    expectProbs(tokenDistribution(row(logits), { ...off, topP: 0.81 }), [0.5, 0.3, 0.2]);
    expectProbs(tokenDistribution(row(logits), { ...off, topP: 0.01 }), [1, 0, 0]);
    // order of ids does not matter
    expectProbs(
      tokenDistribution(row([0.2, 0.5, 0.3].map(Math.log)), { ...off, topP: 0.7 }),
      [0, 0.625, 0.375],
    );
  });

  it('applies top-k, renormalises, then the nucleus', () => {
    // top-3 of [.4 .3 .2 .1] → [4/9 3/9 2/9 0]; 4/9 + 3/9 = 0.78 ≥ 0.7 → [4/7 3/7 0 0]
    const logits = [0.4, 0.3, 0.2, 0.1].map(Math.log);
    expectProbs(tokenDistribution(row(logits), { temperature: 1, topK: 3, topP: 0.7 }), [4 / 7, 3 / 7, 0, 0]);
  });

  it('reads a row at an offset', () => {
    const data = new Float32Array([9, 9, 2, 1, 0, 9]);
    expectProbs(tokenDistribution({ data, offset: 2, length: 3 }, { ...off, topK: 1 }), [1, 0, 0]);
  });
});

describe('sampleIndex', () => {
  it('inverts the CDF and never returns a zero-probability id', () => {
    const probs = [0.25, 0, 0.75];
    expect(sampleIndex(probs, 0.1)).toBe(0);
    expect(sampleIndex(probs, 0.25)).toBe(2);
    expect(sampleIndex(probs, 0.999999)).toBe(2);
    expect(sampleIndex([0.5, 0.5, 0], 1)).toBe(1);
  });

  it('draws with the filtered frequencies', () => {
    const probs = tokenDistribution(row([0.5, 0.3, 0.2].map(Math.log)), { ...off, topP: 0.8 });
    const stream = new Rng('frequencies');
    const counts = [0, 0, 0];
    const draws = 20_000;
    for (let i = 0; i < draws; i++) counts[sampleIndex(probs, stream.uniform())]!++;
    expect(counts[2]).toBe(0);
    expect(Math.abs(counts[0]! / draws - 0.625)).toBeLessThan(0.015);
  });
});

describe('logProbability', () => {
  it('is log softmax by hand', () => {
    const e = Math.E;
    expect(logProbability(row([1, 2, 3]), 0)).toBeCloseTo(1 - Math.log(e + e * e + e ** 3), 12);
    expect(logProbability(row([1000, 1000]), 1)).toBeCloseTo(Math.log(0.5), 12); // stable for large logits
  });
});

describe('gumbel', () => {
  it('has the Gumbel(0, 1) mean (Euler–Mascheroni γ) and variance π²/6', () => {
    const rng = new Rng('gumbel');
    const count = 40_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < count; i++) {
      const g = gumbel(rng);
      sum += g;
      sq += g * g;
    }
    const mean = sum / count;
    const variance = sq / count - mean * mean;
    expect(Math.abs(mean - 0.5772156649)).toBeLessThan(4 * Math.sqrt((Math.PI * Math.PI) / 6 / count));
    expect(Math.abs(variance - (Math.PI * Math.PI) / 6)).toBeLessThan(0.08);
  });

  it('stays finite when the uniform draw is exactly 0', () => {
    const zero = { uniform: () => 0 } as unknown as Rng;
    expect(Number.isFinite(gumbel(zero))).toBe(true);
  });
});
