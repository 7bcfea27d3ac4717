import { ConfigError, Rng } from '@flopmatch/core';
import { checkGradients } from '@flopmatch/nn';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type RefWeights, referenceForward } from './testing/reference-transformer.js';
import {
  KVCacheError,
  parseTransformerConfig,
  Transformer,
  type TransformerConfigInput,
  TransformerKVCache,
} from './transformer.js';

const BASE: TransformerConfigInput = { layers: 2, width: 16, heads: 2, grid: { height: 2, width: 3 } };

function randn(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

/** Moves every parameter off its init (adaLN-Zero starts at exact zeros, which hides bugs). */
function perturb(net: Transformer, seed: number, std = 0.2): void {
  let i = 0;
  for (const v of net.namedVariables().values()) {
    const noise = randn(v.shape, seed + i++);
    const next = tf.add(v, tf.mul(noise, std));
    v.assign(next);
    tf.dispose([noise, next]);
  }
}

function weights64(net: Transformer): RefWeights {
  const out: RefWeights = new Map();
  for (const [name, v] of net.namedVariables()) out.set(name, Float64Array.from(v.dataSync()));
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const VARIANTS: Array<[string, Partial<TransformerConfigInput>, 'causal' | 'bidirectional']> = [
  ['layer norm, learned positions, causal', {}, 'causal'],
  [
    'rms norm, sin-cos, 2-D RoPE, no bias, bidirectional',
    { norm: 'rms', positions: 'sincos-2d', rope: '2d', bias: false },
    'bidirectional',
  ],
  ['prefix-LM mask with RoPE', { prefixMask: 'bidirectional', rope: '2d', positions: 'none' }, 'causal'],
  ['adaLN-Zero', { conditioning: 'adaln-zero' }, 'bidirectional'],
  ['adaLN-single', { conditioning: 'adaln-single', positions: 'sincos-2d' }, 'bidirectional'],
];

forEachBackend(['cpu', 'wasm'], (backend) => {
  describe('forward = float64 reference', () => {
    for (const [label, extra, mask] of VARIANTS) {
      it(`${label} (${backend})`, () => {
        const net = new Transformer({ ...BASE, ...extra }, new Rng(`fwd-${label}`));
        perturb(net, 11);
        const [B, P, T, C] = [2, 3, 6, 16];
        const prefix = randn([B, P, C], 1) as tf.Tensor3D;
        const tokens = randn([B, T, C], 2) as tf.Tensor3D;
        const adaln = net.config.conditioning !== 'none';
        const modulation = adaln ? (randn([B, C], 3) as tf.Tensor2D) : undefined;
        const h = net.forward({ prefix, tokens, mask, ...(modulation ? { modulation } : {}) });
        expect(h.shape).toEqual([B, T, C]);
        const ref = referenceForward(net.config, weights64(net), {
          B,
          P,
          T,
          prefix: Float64Array.from(prefix.dataSync()),
          tokens: Float64Array.from(tokens.dataSync()),
          ...(modulation ? { modulation: Float64Array.from(modulation.dataSync()) } : {}),
          mask,
        });
        expect(maxAbsDiff(h.dataSync(), ref)).toBeLessThan(2e-4);
        tf.dispose([h, prefix, tokens, modulation]);
        net.dispose();
      });
    }
  });

  it(`input gradients match float64 finite differences of the reference (${backend})`, () => {
    const net = new Transformer({ ...BASE, rope: '2d', conditioning: 'adaln-single' }, new Rng('grad'));
    perturb(net, 5);
    const w = weights64(net);
    const [B, P, T, C] = [1, 2, 3, 16];
    const inputs = [randn([B, P, C], 7), randn([B, T, C], 8), randn([B, C], 9)];
    const report = checkGradients(
      (prefix, tokens, modulation) =>
        net.forward({
          prefix: prefix as tf.Tensor3D,
          tokens: tokens as tf.Tensor3D,
          modulation: modulation as tf.Tensor2D,
          mask: 'causal',
        }),
      inputs,
      {
        reference: (prefix, tokens, modulation) =>
          referenceForward(net.config, w, {
            B,
            P,
            T,
            prefix: prefix!,
            tokens: tokens!,
            modulation: modulation!,
            mask: 'causal',
          }),
        tol: 2e-2,
        maxEntries: 12,
      },
    );
    expect(report.checked).toBe(36);
    tf.dispose(inputs);
    net.dispose();
  });

  it(`KV cache: prefix, then tokens one at a time, equals the full causal forward (${backend})`, () => {
    for (const extra of [
      { rope: '2d' as const },
      { prefixMask: 'bidirectional' as const, positions: 'sincos-2d' as const },
    ]) {
      const net = new Transformer({ ...BASE, ...extra }, new Rng('cache'));
      perturb(net, 21, 0.05);
      const [B, P, T, C] = [2, 3, 6, 16];
      const prefix = randn([B, P, C], 31) as tf.Tensor3D;
      const tokens = randn([B, T, C], 32) as tf.Tensor3D;
      const full = net.forward({ prefix, tokens, mask: 'causal' });
      const cache = net.createCache(B, P + T);
      const steps: tf.Tensor3D[] = [
        net.forwardCached({ prefix, tokens: tf.zeros([B, 0, C]) as tf.Tensor3D }, cache),
      ];
      expect(steps[0]!.shape).toEqual([B, 0, C]);
      expect(cache.length).toBe(P);
      const empty = tf.zeros([B, 0, C]) as tf.Tensor3D;
      for (let j = 0; j < T; j++) {
        const tok = tf.slice(tokens, [0, j, 0], [B, 1, C]) as tf.Tensor3D;
        steps.push(net.forwardCached({ prefix: empty, tokens: tok }, cache));
        tok.dispose();
      }
      expect(cache.length).toBe(P + T);
      const stacked = tf.concat(steps, 1);
      expect(maxAbsDiff(stacked.dataSync(), full.dataSync())).toBeLessThan(1e-5);
      // Chunks of 2 and 4 after the prefix give the same values too.
      const chunked = net.createCache(B, P + T);
      const a = net.forwardCached(
        { prefix, tokens: tf.slice(tokens, [0, 0, 0], [B, 2, C]) as tf.Tensor3D },
        chunked,
      );
      const b = net.forwardCached(
        { prefix: empty, tokens: tf.slice(tokens, [0, 2, 0], [B, 4, C]) as tf.Tensor3D },
        chunked,
      );
      expect(maxAbsDiff(tf.concat([a, b], 1).dataSync(), full.dataSync())).toBeLessThan(1e-5);
      cache.dispose();
      chunked.dispose();
      tf.dispose([prefix, tokens, full, stacked, empty, a, b, ...steps]);
      net.dispose();
    }
  });

  it(`KV cache: preallocated buffers are written in place and read only where filled (${backend})`, () => {
    const net = new Transformer({ ...BASE, prefixMask: 'bidirectional' }, new Rng('prealloc'));
    perturb(net, 23, 0.05);
    const [B, P, T, C] = [2, 3, 6, 16];
    const prefix = randn([B, P, C], 41) as tf.Tensor3D;
    const tokens = randn([B, T, C], 42) as tf.Tensor3D;
    const empty = tf.zeros([B, 0, C]) as tf.Tensor3D;
    const full = net.forward({ prefix, tokens, mask: 'causal' });
    // Exactly full at the end (capacity P + T), and with 5 spare positions (zeros that must not be attended to).
    for (const capacity of [P + T, P + T + 5]) {
      const cache = net.createCache(B, capacity);
      const buffers = cache.layers.map((l) => [l.k.dataId, l.v.dataId]);
      expect(cache.layers[0]!.k.shape).toEqual([B, 2, capacity, 8]); // [B, H, capacity, D], allocated up front
      const dataBuffers = tf.memory().numDataBuffers;
      const outs: tf.Tensor3D[] = [];
      for (let j = 0; j < T; j++) {
        const tok = tf.slice(tokens, [0, j, 0], [B, 1, C]) as tf.Tensor3D;
        outs.push(net.forwardCached({ prefix: j === 0 ? prefix : empty, tokens: tok }, cache));
        tok.dispose();
      }
      expect(tf.memory().numDataBuffers).toBe(dataBuffers + T); // the T outputs; no new cache buffers
      expect(cache.layers.map((l) => [l.k.dataId, l.v.dataId])).toEqual(buffers); // the same buffers, written in place
      expect(cache.length).toBe(P + T);
      const stacked = tf.concat(outs, 1);
      expect(maxAbsDiff(stacked.dataSync(), full.dataSync())).toBeLessThan(1e-5);
      cache.dispose();
      tf.dispose([stacked, ...outs]);
    }
    // One position past the capacity fails before anything is written, naming the capacity it needs.
    const tight = net.createCache(B, P + 1);
    net.forwardCached({ prefix, tokens: tf.slice(tokens, [0, 0, 0], [B, 1, C]) }, tight).dispose();
    const next = tf.slice(tokens, [0, 1, 0], [B, 1, C]) as tf.Tensor3D;
    expect(() => net.forwardCached({ prefix: empty, tokens: next }, tight)).toThrow(
      /4 cached \+ 1 new positions exceed the capacity 4[\s\S]*capacity ≥ 5/,
    );
    expect(tight.length).toBe(P + 1);
    tight.dispose();
    tf.dispose([prefix, tokens, empty, full, next]);
    net.dispose();
  });
});

describe('masks', () => {
  it('causal: changing a later token changes no earlier output; the prefix reaches every token', async () => {
    const { initRuntime } = await import('@flopmatch/runtime');
    await initRuntime({ backend: 'wasm' });
    const net = new Transformer({ ...BASE, rope: '2d' }, new Rng('leak'));
    const [B, P, T, C] = [1, 2, 6, 16];
    const prefix = randn([B, P, C], 1) as tf.Tensor3D;
    const tokens = randn([B, T, C], 2);
    const changed = tf.concat(
      [tf.slice(tokens, [0, 0, 0], [B, 4, C]), randn([B, 2, C], 3)],
      1,
    ) as tf.Tensor3D;
    const before = net.forward({ prefix, tokens: tokens as tf.Tensor3D, mask: 'causal' }).arraySync()[0]!;
    const after = net.forward({ prefix, tokens: changed, mask: 'causal' }).arraySync()[0]!;
    for (let j = 0; j < 4; j++) expect(after[j]).toEqual(before[j]);
    expect(maxAbsDiff(after[4]!, before[4]!)).toBeGreaterThan(1e-3);
    const otherPrefix = randn([B, P, C], 4) as tf.Tensor3D;
    const moved = net
      .forward({ prefix: otherPrefix, tokens: tokens as tf.Tensor3D, mask: 'causal' })
      .arraySync()[0]!;
    for (let j = 0; j < T; j++) expect(maxAbsDiff(moved[j]!, before[j]!)).toBeGreaterThan(1e-4);
    // Bidirectional: the first token sees the changed last ones.
    const b1 = net.forward({ prefix, tokens: tokens as tf.Tensor3D, mask: 'bidirectional' }).arraySync()[0]!;
    const b2 = net.forward({ prefix, tokens: changed, mask: 'bidirectional' }).arraySync()[0]!;
    expect(maxAbsDiff(b1[0]!, b2[0]!)).toBeGreaterThan(1e-4);
    net.dispose();
  });
});

describe('parameters and gradients', () => {
  it('gradient reaches every parameter in every conditioning mode', async () => {
    const { initRuntime } = await import('@flopmatch/runtime');
    await initRuntime({ backend: 'wasm' });
    for (const conditioning of ['none', 'adaln-single', 'adaln-zero'] as const) {
      const net = new Transformer({ ...BASE, conditioning, rope: '2d' }, new Rng(conditioning));
      perturb(net, 41, 0.05);
      const [B, P, T, C] = [2, 2, 6, 16];
      const prefix = randn([B, P, C], 1) as tf.Tensor3D;
      const tokens = randn([B, T, C], 2) as tf.Tensor3D;
      const modulation = conditioning === 'none' ? undefined : (randn([B, C], 3) as tf.Tensor2D);
      const target = randn([B, T, C], 4);
      const vars = net.namedVariables();
      const { grads } = tf.variableGrads(
        () =>
          tf.sum(
            tf.mul(
              net.forward({ prefix, tokens, mask: 'causal', ...(modulation ? { modulation } : {}) }),
              target,
            ),
          ) as tf.Scalar,
        [...vars.values()],
      );
      const byName = new Map([...vars].map(([n, v]) => [v.name, n]));
      const norms = new Map(
        Object.entries(grads).map(([k, g]) => [byName.get(k)!, tf.norm(g).dataSync()[0]!]),
      );
      for (const name of vars.keys()) expect(norms.get(name) ?? 0, name).toBeGreaterThan(0);
      tf.dispose([prefix, tokens, modulation, target, ...Object.values(grads)]);
      net.dispose();
    }
  });
});

describe('KV cache misuse', () => {
  it('names the problem and the fix', async () => {
    const { initRuntime } = await import('@flopmatch/runtime');
    await initRuntime({ backend: 'wasm' });
    const net = new Transformer(BASE, new Rng(0));
    const other = new Transformer(BASE, new Rng(1));
    const C = 16;
    const prefix = tf.zeros([1, 2, C]) as tf.Tensor3D;
    const one = tf.zeros([1, 1, C]) as tf.Tensor3D;
    const empty = tf.zeros([1, 0, C]) as tf.Tensor3D;
    const cache = net.createCache(1, 3);
    expect(cache).toBeInstanceOf(TransformerKVCache);
    expect(() => other.forwardCached({ prefix, tokens: one }, cache)).toThrow(/not created by this model/);
    net.forwardCached({ prefix, tokens: one }, cache).dispose();
    expect(() => net.forwardCached({ prefix, tokens: one }, cache)).toThrow(
      /prefix of 2 positions arrived after 3/,
    );
    expect(() => net.forwardCached({ prefix: empty, tokens: one }, cache)).toThrow(KVCacheError);
    expect(() => net.forwardCached({ prefix: empty, tokens: one }, cache)).toThrow(/exceed the capacity 3/);
    expect(() => net.createCache(2, 3).dispose()).not.toThrow();
    expect(() =>
      net.forwardCached(
        { prefix: tf.zeros([2, 2, C]) as tf.Tensor3D, tokens: tf.zeros([2, 1, C]) as tf.Tensor3D },
        cache,
      ),
    ).toThrow(/batch 2 differs/);
    expect(() => net.createCache(0, 3)).toThrow(/positive integers/);
    expect(() =>
      net.forwardCached({ prefix: tf.zeros([1, 0, C]) as tf.Tensor3D, tokens: empty }, net.createCache(1, 3)),
    ).toThrow(/appends no positions/);
    cache.dispose();
    expect(() => net.forwardCached({ prefix: empty, tokens: one }, cache)).toThrow(/disposed/);
    net.dispose();
    other.dispose();
  });
});

describe('config', () => {
  it('is frozen, typed and versioned, and fromConfig rebuilds the same network from the same seed', async () => {
    const { initRuntime } = await import('@flopmatch/runtime');
    await initRuntime({ backend: 'wasm' });
    const net = new Transformer(BASE, new Rng(7));
    expect(net.config).toMatchObject({
      type: 'backbone:transformer',
      version: 1,
      mlpRatio: 4,
      norm: 'layer',
      positions: 'learned',
    });
    expect(Object.isFrozen(net.config)).toBe(true);
    const copy = Transformer.fromConfig(JSON.parse(JSON.stringify(net.config)), new Rng(7));
    expect(copy.config).toEqual(net.config);
    const a = net.namedVariables();
    for (const [name, v] of copy.namedVariables())
      expect(v.dataSync(), name).toEqual(a.get(name)!.dataSync());
    expect([...a.keys()]).toContain('blocks.0.attn.qkv.weight');
    net.dispose();
    copy.dispose();
  });

  it('rejects bad fields by name, with the fix', () => {
    const fail = (value: unknown): ConfigError => {
      try {
        parseTransformerConfig(value, 'my-backbone.json');
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('no error');
    };
    const heads = fail({ ...BASE, heads: 3 });
    expect(heads).toBeInstanceOf(ConfigError);
    expect(heads.message).toMatch(/my-backbone\.json/);
    expect(heads.issues[0]).toMatchObject({ path: 'heads', value: '3' });
    expect(heads.message).toMatch(/pick a divisor of 16/);
    expect(fail({ ...BASE, width: 24, heads: 4, rope: '2d' }).issues[0]!.path).toBe('rope');
    expect(fail({ ...BASE, width: 18, heads: 2, positions: 'sincos-2d' }).issues[0]!.path).toBe('positions');
    expect(fail({ ...BASE, depth: 3 }).message).toMatch(/depth/);
    expect(fail({ ...BASE, norm: 'batch' }).issues[0]).toMatchObject({ path: 'norm' });
    expect(fail({ layers: 2, width: 16, heads: 2 }).issues[0]).toMatchObject({
      path: 'grid',
      value: '(missing)',
    });
  });

  it('rejects inputs that do not fit, naming the tensor', async () => {
    const { initRuntime } = await import('@flopmatch/runtime');
    await initRuntime({ backend: 'wasm' });
    const net = new Transformer({ ...BASE, conditioning: 'adaln-zero' }, new Rng(0));
    const prefix = tf.zeros([1, 2, 16]) as tf.Tensor3D;
    const tokens = tf.zeros([1, 3, 16]) as tf.Tensor3D;
    expect(() => net.forward({ prefix, tokens, mask: 'bidirectional' })).toThrow(
      /needs input.modulation \[B, 16\]/,
    );
    expect(() =>
      net.forward({
        prefix,
        tokens: tf.zeros([1, 7, 16]) as tf.Tensor3D,
        mask: 'bidirectional',
        modulation: tf.zeros([1, 16]) as tf.Tensor2D,
      }),
    ).toThrow(/7 tokens exceed the 6 positions of the 2×3 grid/);
    expect(() =>
      net.forward({
        prefix,
        tokens: tf.zeros([1, 3, 8]) as tf.Tensor3D,
        mask: 'causal',
        modulation: tf.zeros([1, 16]) as tf.Tensor2D,
      }),
    ).toThrow(/tokens \[1,3,8\] is not \[B, T, 16\]/);
    const plain = new Transformer(BASE, new Rng(0));
    expect(() =>
      plain.forward({ prefix, tokens, mask: 'causal', modulation: tf.zeros([1, 16]) as tf.Tensor2D }),
    ).toThrow(/conditioning is 'none'/);
    net.dispose();
    plain.dispose();
  });
});
