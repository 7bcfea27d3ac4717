/**
 * Golden checks against published numbers.
 * - DiT (arXiv:2212.09748) Table 4 "Gflops" per forward at 256px counts a multiply-add as one FLOP (fvcore):
 *   S/2 6.06, B/2 23.01, L/2 80.7, XL/2 118.6. Table 1 parameters: S 33M, B 130M, L 458M, XL 675M.
 * - nanoGPT's `estimate_mfu` (after PaLM App. B): training FLOPs per token 6N + 12·L·H·Q·T, non-causal.
 * - GPT-2 small: 124,439,808 parameters with the head tied to the token embedding.
 */
import { describe, expect, it } from 'vitest';
import { transformerFlops } from '../models/transformer-flops.js';
import { transformerParams } from '../models/transformer-params.js';
import { GOLDEN_PRESETS } from './golden-presets.js';

const DIT_TABLE_4 = { 'dit-s-2': 6.06, 'dit-b-2': 23.01, 'dit-l-2': 80.7, 'dit-xl-2': 118.6 } as const;
/** Half a unit of the table's last printed digit: the rounding the published value carries. */
const HALF_UNIT = { 'dit-s-2': 0.005, 'dit-b-2': 0.005, 'dit-l-2': 0.05, 'dit-xl-2': 0.05 } as const;
const DIT_PARAMS_M = { 'dit-s-2': 33, 'dit-b-2': 130, 'dit-l-2': 458, 'dit-xl-2': 675 } as const;

describe('DiT golden numbers (Table 4)', () => {
  for (const [id, gmacs] of Object.entries(DIT_TABLE_4) as [keyof typeof DIT_TABLE_4, number][]) {
    it(`${id}: forward ≈ ${gmacs} G multiply-adds`, () => {
      const shape = GOLDEN_PRESETS[id];
      const f = transformerFlops(shape);
      const ours = f.forward.model / 2 / 1e9;
      // Residual 1: bias adds (1 FLOP per output of every biased linear), which fvcore does not count.
      const T = 256;
      const d = shape.width;
      const biasAdds = shape.layers * T * (3 * d + d + 4 * d + d) + T * (d + 32);
      const matmulOnly = (f.forward.model - biasAdds) / 2 / 1e9;
      // Residual 2: the table's rounding. Without bias adds the ledger lands within it.
      expect(Math.abs(matmulOnly - gmacs)).toBeLessThanOrEqual(HALF_UNIT[id]);
      // With bias adds (the ledger's convention) it stays within 0.1 %.
      expect(Math.abs(ours - gmacs) / gmacs).toBeLessThan(1e-3);
      // Model and executed agree: the class row is gathered (0 forward); as a one-hot matmul, 2·1001·d.
      expect(f.forward.executed).toBe(f.forward.model);
      const oneHot = transformerFlops(shape, { embedding: 'one-hot' });
      expect(oneHot.forward.executed - oneHot.forward.model).toBe(2 * 1001 * d);
    });
  }

  it('DiT parameter counts match Table 1 within 0.5 %', () => {
    for (const [id, millions] of Object.entries(DIT_PARAMS_M) as [keyof typeof DIT_PARAMS_M, number][]) {
      const shape = GOLDEN_PRESETS[id];
      // DiT counts its frozen sin-cos position table (256·d) among its parameters; the ledger does not.
      const total = transformerParams(shape).total + 256 * shape.width;
      expect(Math.abs(total / 1e6 - millions) / millions, id).toBeLessThan(5e-3);
    }
    expect(transformerParams(GOLDEN_PRESETS['dit-xl-2']).total + 256 * 1152).toBe(675_129_632);
  });
});

describe('nanoGPT / Chinchilla per-token training FLOPs', () => {
  const gpt2 = GOLDEN_PRESETS['gpt2-small'];
  const { layers: L, width: d, heads: H, tokenLength: T } = gpt2;
  const Q = d / H;
  const V = 50257;
  // nanoGPT's N: every parameter except the position table (the tied token table counts once, as the head).
  const N = 124_439_808 - T * d;

  it('matches 6N + 12·L·H·Q·T for non-causal attention within 0.1 %', () => {
    const f = transformerFlops({ ...gpt2, mask: 'bidirectional' });
    const reference = 6 * N + 12 * L * H * Q * T;
    expect(reference).toBe(855_166_464);
    expect(Math.abs(f.perToken.training.model - reference) / reference).toBeLessThan(1e-3);
  });

  it('splits exactly into 6 × matmul weights, 3 × bias adds and 12·L·H·Q·T', () => {
    const f = transformerFlops({ ...gpt2, mask: 'bidirectional' });
    const perToken = (name: keyof typeof f.terms) =>
      (f.terms[name].forward.model + f.terms[name].backward.model) / T;
    const matmulWeights = L * 12 * d * d + d * V; // qkv 3d², proj d², MLP 8d², head d·V
    const biases = L * (3 * d + d + 4 * d + d);
    expect(perToken('qkv') + perToken('attentionOut') + perToken('mlp') + perToken('output')).toBe(
      6 * matmulWeights + 3 * biases,
    );
    expect(perToken('attentionScores') + perToken('attentionValues')).toBe(12 * L * H * Q * T);
    // The residual to 6N is the layer-norm parameters (6 each) and 3 more per bias: 3·82944 + 6·38400.
    const reference = 6 * N + 12 * L * H * Q * T;
    expect(reference - f.perToken.training.model).toBe(3 * biases + 6 * (L * 4 * d + 2 * d));
  });

  it('counts causal attention as half plus the diagonal: 12·L·H·Q·(T + 1)/2', () => {
    const f = transformerFlops(gpt2);
    const perToken =
      ((f.terms.attentionScores.forward.model + f.terms.attentionScores.backward.model) * 2) / T;
    expect(perToken).toBe((12 * L * H * Q * (T + 1)) / 2);
    const executed =
      ((f.terms.attentionScores.forward.executed + f.terms.attentionScores.backward.executed) * 2) / T;
    expect(executed).toBe(12 * L * H * Q * T);
  });
});

describe('GPT-2 small parameters', () => {
  it('has 124,439,808 parameters with tied embeddings, 85.06 M non-embedding', () => {
    const p = transformerParams(GOLDEN_PRESETS['gpt2-small']);
    expect(p.total).toBe(124_439_808);
    expect(p.embedding).toBe(50257 * 768 + 1024 * 768);
    expect(p.nonEmbedding).toBe(85_056_000);
  });
});

describe('presets', () => {
  it('are frozen, valid and named', () => {
    expect(Object.keys(GOLDEN_PRESETS).sort()).toEqual([
      'demo',
      'dit-b-2',
      'dit-l-2',
      'dit-s-2',
      'dit-xl-2',
      'gpt2-small',
    ]);
    for (const shape of Object.values(GOLDEN_PRESETS)) {
      expect(Object.isFrozen(shape)).toBe(true);
      expect(shape.name).toBeTruthy();
    }
  });
});
