import { describe, expect, it } from 'vitest';
import { FlopsArgumentError } from '../errors.js';
import {
  attentionFlops,
  attentionFromPairs,
  attentionPairs,
  decodeAttentionFlops,
  type LedgerMaskKind,
} from './attention.js';

/** Independent reference: build the S × S mask and count the allowed query–key pairs. */
function bruteForcePairs(mask: LedgerMaskKind, P: number, T: number): number {
  const S = P + T;
  let pairs = 0;
  for (let i = 0; i < S; i++) {
    for (let j = 0; j < S; j++) {
      const allowed =
        mask === 'bidirectional' ? true : mask === 'causal' ? j <= i : (i < P && j < P) || (i >= P && j <= i);
      if (allowed) pairs++;
    }
  }
  return pairs;
}

describe('attentionPairs', () => {
  for (const mask of ['bidirectional', 'causal', 'prefix-causal'] as const) {
    it(`matches the enumerated ${mask} mask for every small P and T`, () => {
      for (let P = 0; P <= 4; P++) {
        for (let T = 1; T <= 5; T++) {
          const pairs = attentionPairs({ mask, prefixLength: P, tokenLength: T });
          expect(pairs.model, `P=${P} T=${T}`).toBe(bruteForcePairs(mask, P, T));
          expect(pairs.executed).toBe((P + T) ** 2);
        }
      }
    });
  }

  it('counts half plus the diagonal for causal attention', () => {
    expect(attentionPairs({ mask: 'causal', tokenLength: 1024 }).model).toBe(1024 ** 2 / 2 + 1024 / 2);
  });

  it('rejects an unknown mask with the choices', () => {
    const bad = 'sliding' as LedgerMaskKind;
    expect(() => attentionPairs({ mask: bad, tokenLength: 3 })).toThrow(
      /bidirectional, causal, prefix-causal/,
    );
  });
});

describe('attentionFlops', () => {
  it('prices scores and values at 2·pairs·H·Q each', () => {
    // T = 3 causal: 6 of 9 pairs; H = 2, Q = 2 → 8 FLOPs per pair per matmul.
    const a = attentionFlops({ mask: 'causal', tokenLength: 3, heads: 2, headDim: 2 });
    expect(a.scores.forward).toEqual({ model: 48, executed: 72 });
    expect(a.values.forward).toEqual({ model: 48, executed: 72 });
    expect(a.total.forward).toEqual({ model: 96, executed: 144 });
    expect(a.total.backward).toEqual({ model: 192, executed: 288 });
  });

  it('prices arbitrary pair counts', () => {
    expect(attentionFromPairs({ model: 6, executed: 9 }, 2, 2).scores.forward).toEqual({
      model: 48,
      executed: 72,
    });
  });
});

describe('decodeAttentionFlops', () => {
  it('attends the query at position p to p + 1 keys', () => {
    const a = decodeAttentionFlops({ position: 4, heads: 2, headDim: 8 });
    expect(a.pairs).toEqual({ model: 5, executed: 5 });
    expect(a.total.forward.model).toBe(2 * (2 * 5 * 2 * 8));
  });

  it('sums over a sequence to the causal forward', () => {
    let model = 0;
    for (let p = 0; p < 7; p++)
      model += decodeAttentionFlops({ position: p, heads: 3, headDim: 4 }).total.forward.model;
    expect(model).toBe(
      attentionFlops({ mask: 'causal', tokenLength: 7, heads: 3, headDim: 4 }).total.forward.model,
    );
  });

  it('executes the whole buffer when the kernel scores a fixed capacity', () => {
    const a = decodeAttentionFlops({ position: 4, heads: 1, headDim: 1, capacity: 16 });
    expect(a.pairs).toEqual({ model: 5, executed: 16 });
  });

  it('refuses a cache too small for the position', () => {
    expect(() => decodeAttentionFlops({ position: 4, heads: 1, headDim: 1, capacity: 4 })).toThrow(
      FlopsArgumentError,
    );
    expect(() => decodeAttentionFlops({ position: 4, heads: 1, headDim: 1, capacity: 4 })).toThrow(
      /at least 5 positions/,
    );
  });
});
