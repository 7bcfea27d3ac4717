import { describe, expect, it } from 'vitest';
import { TINY_TRANSFORMER } from '../testing/tiny-transformers.js';
import { transformerParams } from './transformer-params.js';

const tiny = TINY_TRANSFORMER;

describe('transformerParams', () => {
  it('counts the hand-computed tiny model part by part', () => {
    const p = transformerParams(tiny);
    expect(p.parts).toEqual({
      promptEmbedding: 0,
      inputEmbedding: 5 * 4,
      positions: 3 * 4,
      conditioning: 0,
      // 2 layer norms (2·4 each) + qkv 4·12+12 + proj 4·4+4 + fc 4·16+16 + proj 16·4+4
      blocks: 16 + 60 + 20 + 80 + 68,
      finalNorm: 8,
      output: 20,
    });
    expect(p.total).toBe(304);
    expect(p.embedding).toBe(32);
    expect(p.nonEmbedding).toBe(272);
  });

  it('counts learned position rows per part: prompt, timestep token and tokens', () => {
    const prompt = { ...tiny, prefixLength: 2, prefixVocab: 7 };
    expect(transformerParams(prompt).parts.positions).toBe((2 + 3) * 4); // one scheme over P + T
    expect(
      transformerParams({ ...prompt, positions: 'fixed', promptPositions: 'learned' }).parts.positions,
    ).toBe(2 * 4); // sin-cos image positions, a learned prompt table
    expect(transformerParams({ ...prompt, promptPositions: 'none' }).parts.positions).toBe(3 * 4);
    const token = { ...prompt, conditioning: { mode: 'timestep-token' as const, frequencyDim: 8 } };
    expect(transformerParams(token).parts.positions).toBe((2 + 1 + 3) * 4); // U-ViT: the timestep token too
    const none = { ...token, conditioning: { ...token.conditioning, position: 'none' as const } };
    const p = transformerParams(none);
    expect(p.parts.positions).toBe((2 + 3) * 4);
    expect(p.embedding).toBe(7 * 4 + 5 * 4 + (2 + 3) * 4); // prompt table, token table, positions
  });

  it('shares the table with a tied head', () => {
    expect(transformerParams({ ...tiny, output: { features: 5, tied: true } }).total).toBe(304 - 20);
  });

  it('drops norm affines under adaLN and counts the modulation linears', () => {
    const p = transformerParams({
      ...tiny,
      positions: 'fixed',
      input: { kind: 'linear', features: 6 },
      conditioning: { mode: 'adaln-zero', frequencyDim: 8, classes: 10 },
    });
    expect(p.parts.blocks).toBe(60 + 20 + 80 + 68 + (4 * 24 + 24));
    expect(p.parts.finalNorm).toBe(0);
    // timestep MLP (8·4+4 + 4·4+4) + final adaLN Linear(4, 8) + class table 10·4
    expect(p.parts.conditioning).toBe(36 + 20 + 40 + 40);
    expect(p.embedding).toBe(40);
  });

  it('counts adaLN-single tables, not per-block linears', () => {
    const p = transformerParams({ ...tiny, conditioning: { mode: 'adaln-single', frequencyDim: 8 } });
    expect(p.parts.blocks).toBe(60 + 20 + 80 + 68 + 6 * 4);
    expect(p.parts.conditioning).toBe(36 + 20 + (4 * 24 + 24) + 2 * 4);
  });

  it('counts RMS norms and unbiased gated MLPs', () => {
    const p = transformerParams({ ...tiny, norm: 'rms', bias: false, mlpGated: true, mlpWidth: 8 });
    expect(p.parts.blocks).toBe(2 * 4 + 48 + 16 + 2 * 32 + 32);
    expect(p.parts.finalNorm).toBe(4);
  });
});
