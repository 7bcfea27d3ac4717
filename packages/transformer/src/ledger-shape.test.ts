import { ConfigError, Rng } from '@flopmatch/core';
import { transformerFlops, transformerParams } from '@flopmatch/flops';
import { initRuntime } from '@flopmatch/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { backboneFlops, backboneParams, ledgerMask, ledgerShape } from './ledger-shape.js';
import {
  parseTransformerConfig,
  Transformer,
  type TransformerConfig,
  type TransformerConfigInput,
} from './transformer.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

/** Parameters counted by hand from the architecture (GPT-2 blocks, DiT / PixArt-α adaLN). */
function handParams(c: TransformerConfig): number {
  const d = c.width;
  const F = Math.round(c.mlpRatio * d);
  const b = c.bias ? 1 : 0;
  const adaln = c.conditioning !== 'none';
  const norm = adaln ? 0 : c.norm === 'layer' ? 2 * d : d;
  let block = 2 * norm + (3 * d * d + b * 3 * d) + (d * d + b * d) + (d * F + b * F) + (F * d + b * d);
  if (c.conditioning === 'adaln-zero') block += 6 * d * d + 6 * d;
  if (c.conditioning === 'adaln-single') block += 6 * d;
  let extra = norm; // final norm
  if (c.conditioning === 'adaln-zero') extra += 2 * d * d + 2 * d;
  if (c.conditioning === 'adaln-single') extra += 6 * d * d + 6 * d + 2 * d;
  if (c.positions === 'learned') extra += c.grid.height * c.grid.width * d;
  return c.layers * block + extra;
}

/** Forward FLOPs of the blocks by hand: multiply-add = 2, bias adds 1 per output. */
function handForward(c: TransformerConfig, S: number, pairs: number): number {
  const d = c.width;
  const F = Math.round(c.mlpRatio * d);
  const b = c.bias ? 1 : 0;
  const block =
    2 * S * d * 3 * d +
    b * S * 3 * d + // qkv
    2 * 2 * pairs * d + // scores and values over H heads of d/H
    2 * S * d * d +
    b * S * d + // attention out
    2 * S * d * F +
    b * S * F +
    2 * S * F * d +
    b * S * d; // MLP
  let mod = 0;
  if (c.conditioning === 'adaln-zero') mod = c.layers * (2 * d * 6 * d + 6 * d) + 2 * d * 2 * d + 2 * d;
  if (c.conditioning === 'adaln-single') mod = 2 * d * 6 * d + 6 * d;
  return c.layers * block + mod;
}

const CASES: TransformerConfigInput[] = [
  { layers: 2, width: 16, heads: 2, grid: { height: 2, width: 3 } },
  {
    layers: 3,
    width: 24,
    heads: 3,
    grid: { height: 2, width: 2 },
    norm: 'rms',
    bias: false,
    positions: 'sincos-2d',
  },
  {
    layers: 2,
    width: 16,
    heads: 4,
    grid: { height: 3, width: 3 },
    conditioning: 'adaln-zero',
    mlpRatio: 2.5,
  },
  {
    layers: 2,
    width: 16,
    heads: 4,
    grid: { height: 3, width: 3 },
    conditioning: 'adaln-single',
    rope: '2d',
    positions: 'none',
  },
];

describe('parameters: model = hand formula = ledger', () => {
  for (const input of CASES) {
    it(`${input.conditioning ?? 'none'}, ${input.norm ?? 'layer'} norm, ${input.positions ?? 'learned'} positions`, () => {
      const net = new Transformer(input, new Rng(0));
      expect(net.parameterCount()).toBe(handParams(net.config));
      expect(backboneParams(net.config)).toBe(net.parameterCount());
      net.dispose();
    });
  }

  it('adaLN-Zero adds 6d² + 6d per block, adaLN-single 6d per block plus one shared 6d² + 6d', () => {
    const base = { layers: 4, width: 32, heads: 4, grid: { height: 2, width: 2 } };
    const none = backboneParams(parseTransformerConfig(base));
    const zero = backboneParams(parseTransformerConfig({ ...base, conditioning: 'adaln-zero' }));
    const single = backboneParams(parseTransformerConfig({ ...base, conditioning: 'adaln-single' }));
    const norms = 4 * 2 * 2 * 32 + 2 * 32; // affine LayerNorms dropped under adaLN
    expect(zero - none).toBe(4 * (6 * 32 * 32 + 6 * 32) + 2 * 32 * 32 + 2 * 32 - norms);
    expect(single - none).toBe(4 * 6 * 32 + 6 * 32 * 32 + 6 * 32 + 2 * 32 - norms);
  });
});

describe('FLOPs: forwardFlops = hand formula = ledger', () => {
  for (const input of CASES) {
    it(`${input.conditioning ?? 'none'}: bidirectional, causal and prefix-LM`, () => {
      const net = new Transformer(input, new Rng(0));
      const c = net.config;
      const [P, T] = [3, c.grid.height * c.grid.width];
      const S = P + T;
      const bi = net.forwardFlops(P, T, 'bidirectional');
      expect(bi).toEqual({ model: handForward(c, S, S * S), executed: handForward(c, S, S * S) });
      const causal = net.forwardFlops(P, T, 'causal');
      expect(causal.model).toBe(handForward(c, S, (S * (S + 1)) / 2));
      expect(causal.executed).toBe(handForward(c, S, S * S)); // scores computed in full, then masked
      const training = backboneFlops(c, { prefixLength: P, tokenLength: T, mask: 'causal' }).training;
      expect(training.model).toBe(3 * causal.model); // backward = 2 × forward
      const prefixLm = parseTransformerConfig({ ...input, prefixMask: 'bidirectional' });
      expect(ledgerMask(prefixLm, 'causal')).toBe('prefix-causal');
      expect(backboneFlops(prefixLm, { prefixLength: P, tokenLength: T, mask: 'causal' }).forward.model).toBe(
        handForward(c, S, P * P + T * P + (T * (T + 1)) / 2),
      );
      net.dispose();
    });
  }
});

describe('ledgerShape', () => {
  const config = parseTransformerConfig({ layers: 2, width: 16, heads: 2, grid: { height: 2, width: 2 } });

  it('describes the whole network; the backbone terms plus heads are the ledger total', () => {
    const shape = ledgerShape(config, {
      promptLength: 4,
      promptVocab: 300,
      tokenLength: 4,
      mask: 'bidirectional',
      input: { kind: 'embedding', vocab: 9 },
      output: { features: 8, bias: false },
    });
    expect(shape).toMatchObject({
      layers: 2,
      width: 16,
      prefixLength: 4,
      prefixVocab: 300,
      positions: 'learned',
    });
    const f = transformerFlops(shape);
    const heads = 2 * 4 * 16 * 8; // output head on T = 4 positions; embeddings cost 0 (model)
    expect(f.forward.model).toBe(
      backboneFlops(config, { prefixLength: 4, tokenLength: 4, mask: 'bidirectional' }).forward.model + heads,
    );
  });

  it('gives the prompt its own learned positions and the timestep token none, whatever the image tokens use', () => {
    const setup = {
      promptLength: 4,
      promptVocab: 300,
      tokenLength: 4,
      mask: 'bidirectional' as const,
      input: { kind: 'linear' as const, features: 4, bias: true },
      output: { features: 4, bias: true },
      timestep: { mode: 'timestep-token' as const, frequencyDim: 8 },
    };
    const d = 16;
    for (const [positions, imageRows] of [
      ['learned', 4],
      ['sincos-2d', 0],
      ['none', 0],
    ] as const) {
      const c = parseTransformerConfig({ ...config, positions });
      const shape = ledgerShape(c, setup);
      expect(shape.promptPositions).toBe('learned');
      // prompt table [4, d] (TextPrefixEmbedding's) + the image table; the timestep token adds no row
      expect(transformerParams(shape).parts.positions, positions).toBe((4 + imageRows) * d);
    }
    const embedded = ledgerShape(config, { ...setup, promptVocab: 0 }); // the prefix arrives embedded
    expect(embedded.promptPositions).toBe('none');
    expect(transformerParams(embedded).parts.positions).toBe(4 * d);
  });

  it('refuses a timestep mode the backbone was not built for', () => {
    const setup = {
      promptLength: 4,
      promptVocab: 300,
      tokenLength: 4,
      mask: 'bidirectional' as const,
      input: { kind: 'linear' as const, features: 4, bias: true },
      output: { features: 4, bias: true },
      timestep: { mode: 'adaln-zero' as const, frequencyDim: 256 },
    };
    expect(() => ledgerShape(config, setup)).toThrow(ConfigError);
    expect(() => ledgerShape(config, setup)).toThrow(/conditioning is 'none'/);
    expect(
      ledgerShape(config, { ...setup, timestep: { mode: 'timestep-token', frequencyDim: 256 } }).conditioning,
    ).toEqual({
      mode: 'timestep-token',
      frequencyDim: 256,
      position: 'none', // the backbone adds no position to the timestep token
    });
  });
});
