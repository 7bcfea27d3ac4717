import { describe, expect, it } from 'vitest';
import { evaluationPrompts, parseEvalProtocol, protocolMetrics, realSetRanges } from './eval-protocol.js';

describe('evaluation protocol', () => {
  it('defaults to N = 10 000 on the test split with KID 1000 × 100 and k = 3', () => {
    const p = parseEvalProtocol();
    expect(p).toMatchObject({
      n: 10_000,
      split: 'test',
      offset: 0,
      seed: 0,
      kid: { subsetSize: 1000, subsets: 100 },
      k: 3,
    });
    expect(Object.isFrozen(p)).toBe(true);
    expect(() => parseEvalProtocol({ n: 1 })).toThrow(/n = 1/);
  });

  it('takes real set B right after real set A, disjoint and of the same N', () => {
    expect(realSetRanges(parseEvalProtocol({ n: 500, offset: 100 }))).toEqual({
      a: { offset: 100, count: 500 },
      b: { offset: 600, count: 500 },
    });
  });

  it('fixes the prompts (real set A captions) and the seeds (same protocol → same list)', () => {
    const p = parseEvalProtocol({ n: 5, offset: 10, seed: 3 });
    const first = evaluationPrompts((i) => `caption ${i}`, p);
    expect(first.prompts).toEqual(['caption 10', 'caption 11', 'caption 12', 'caption 13', 'caption 14']);
    expect(evaluationPrompts((i) => `caption ${i}`, p).seeds).toEqual(first.seeds);
    expect(new Set(first.seeds).size).toBe(5);
    expect(
      evaluationPrompts((i) => `${i}`, parseEvalProtocol({ n: 5, offset: 10, seed: 4 })).seeds,
    ).not.toEqual(first.seeds);
  });

  it('caps the KID subset at N', () => {
    const [, kid] = protocolMetrics(parseEvalProtocol({ n: 50 })) as [
      unknown,
      { config: { subsetSize: number } },
    ];
    expect(kid.config.subsetSize).toBe(50);
  });
});
