import { ConfigError, Rng } from '@flopmatch/core';
import { checkGradients, ShapeError } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { prefixEmbedding, TextPrefixEmbedding } from './text-prefix-embedding.js';

const [V, L, D] = [7, 4, 3];
const IDS = [
  [1, 1, 2, 6],
  [0, 3, 5, 1],
];

function ids2d(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, undefined, 'int32');
}

/** float64 reference of h₀ = W_e[ids] + W_p, row-major [N, L′, d]. */
function referenceForward(
  token: ArrayLike<number>,
  position: ArrayLike<number>,
  rows: number[][],
  d: number,
): Float64Array {
  const out: number[] = [];
  for (const row of rows) {
    row.forEach((id, l) => {
      for (let k = 0; k < d; k++) out.push((token[id * d + k] as number) + (position[l * d + k] as number));
    });
  }
  return Float64Array.from(out);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

forEachBackend(['cpu', 'wasm'], () => {
  it('adds the token row of each id and the learned vector of its position', () => {
    const prefix = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng('prefix') });
    const ids = ids2d(IDS);
    const out = prefix.forward(ids);
    expect(out.shape).toEqual([2, L, D]);
    const expected = referenceForward(prefix.token.weight.dataSync(), prefix.position.dataSync(), IDS, D);
    expect(maxAbsDiff(out.dataSync(), expected)).toBeLessThan(1e-7);
    tf.dispose([ids, out]);
    prefix.dispose();
  });

  it('uses the first L′ positions for prompts shorter than L', () => {
    const prefix = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng('prefix') });
    const rows = [
      [4, 2],
      [6, 6],
    ];
    const ids = ids2d(rows);
    const out = prefix.forward(ids);
    expect(out.shape).toEqual([2, 2, D]);
    const expected = referenceForward(prefix.token.weight.dataSync(), prefix.position.dataSync(), rows, D);
    expect(maxAbsDiff(out.dataSync(), expected)).toBeLessThan(1e-7);
    tf.dispose([ids, out]);
    prefix.dispose();
  });

  it('has gradients that match float64 finite differences', () => {
    const rng = new Rng('grad');
    const token = tf.randomNormal([V, D], 0, 1, 'float32', rng.tfSeed()) as tf.Tensor2D;
    const position = tf.randomNormal([L, D], 0, 1, 'float32', rng.tfSeed()) as tf.Tensor2D;
    const ids = ids2d(IDS);
    const report = checkGradients(
      (t, p) => prefixEmbedding(t as tf.Tensor2D, p as tf.Tensor2D, ids),
      [token, position],
      {
        reference: (t, p) => referenceForward(t, p, IDS, D),
      },
    );
    expect(report.checked).toBe(V * D + L * D);
    expect(report.maxError).toBeLessThan(1e-3);
    tf.dispose([token, position, ids]);
  });

  it('sums the gradient of repeated ids and leaves unused rows and positions at zero', () => {
    const prefix = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng('prefix') });
    const ids = ids2d([[1, 1, 2]]);
    const { grads } = tf.variableGrads(() => tf.sum(prefix.forward(ids)) as tf.Scalar, prefix.variables());
    // d Σh / dW_e[v] = (number of times v occurs) · 1;  d Σh / dW_p[l] = N · 1 for l < L′, 0 beyond.
    const tokenRows = [0, 2, 1, 0, 0, 0, 0].flatMap((c) => [c, c, c]);
    const positionRows = [1, 1, 1, 0].flatMap((c) => [c, c, c]);
    expect([...(grads[prefix.token.weight.name] as tf.Tensor).dataSync()]).toEqual(tokenRows);
    expect([...(grads[prefix.position.name] as tf.Tensor).dataSync()]).toEqual(positionRows);
    tf.dispose([ids, ...Object.values(grads)]);
    prefix.dispose();
  });
});

describe('TextPrefixEmbedding as a module', () => {
  beforeAll(async () => {
    await initRuntime({ backend: 'wasm' });
  });

  it('names, counts and exempts its parameters from weight decay', () => {
    const prefix = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng(1) });
    expect([...prefix.namedVariables().keys()]).toEqual(['position', 'token.weight']);
    expect(prefix.parameterCount()).toBe((V + L) * D);
    expect(prefix.noDecayNames()).toEqual(new Set(['position', 'token.weight']));
    expect(prefix.stateDict().position?.shape).toEqual([L, D]);
    prefix.dispose();
  });

  it('initialises from its rng: reproducible, N(0, std²)', () => {
    const a = new TextPrefixEmbedding({ vocabSize: 512, length: 32, dim: 64, rng: new Rng(7) });
    const b = new TextPrefixEmbedding({ vocabSize: 512, length: 32, dim: 64, rng: new Rng(7) });
    const c = new TextPrefixEmbedding({ vocabSize: 512, length: 32, dim: 64, rng: new Rng(8) });
    const w = a.token.weight.dataSync();
    expect(b.token.weight.dataSync()).toEqual(w);
    expect(b.position.dataSync()).toEqual(a.position.dataSync());
    expect(c.token.weight.dataSync()).not.toEqual(w);
    let sq = 0;
    for (const v of w) sq += v * v;
    expect(Math.sqrt(sq / w.length)).toBeCloseTo(0.02, 3); // 32768 draws: std within ~1% of 0.02
    for (const m of [a, b, c]) m.dispose();
  });

  it('loads a state dict: same parameters, same output', () => {
    const a = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng('a') });
    const b = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng('b') });
    const ids = ids2d(IDS);
    b.loadStateDict(a.stateDict());
    const [ya, yb] = [a.forward(ids), b.forward(ids)];
    expect(yb.dataSync()).toEqual(ya.dataSync());
    tf.dispose([ids, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('has a frozen, serialisable config and is rebuilt by fromConfig', () => {
    const prefix = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng(1) });
    expect(prefix.config).toEqual({
      type: 'text:prefix-embedding',
      version: 1,
      vocabSize: V,
      length: L,
      dim: D,
      std: 0.02,
    });
    expect(Object.isFrozen(prefix.config)).toBe(true);
    const again = TextPrefixEmbedding.fromConfig(JSON.parse(JSON.stringify(prefix.config)), new Rng(1));
    expect(again.config).toEqual(prefix.config);
    expect(again.position.dataSync()).toEqual(prefix.position.dataSync());
    prefix.dispose();
    again.dispose();
  });

  it('rejects bad options and bad ids with the field and the fix', () => {
    expect(() => new TextPrefixEmbedding({ vocabSize: V, length: L, dim: 0, rng: new Rng(1) })).toThrowError(
      ConfigError,
    );
    expect(() => new TextPrefixEmbedding({ vocabSize: V, length: L, dim: 0, rng: new Rng(1) })).toThrowError(
      /dim = 0/,
    );
    expect(() =>
      TextPrefixEmbedding.fromConfig(
        { type: 'text:prefix-embedding', version: 1, vocabSize: V, dim: D },
        new Rng(1),
      ),
    ).toThrowError(/length = \(missing\).*add the field 'length'/);
    const prefix = new TextPrefixEmbedding({ vocabSize: V, length: L, dim: D, rng: new Rng(1) });
    const long = ids2d([[1, 2, 3, 4, 5]]);
    expect(() => prefix.forward(long)).toThrowError(ShapeError);
    expect(() => prefix.forward(long)).toThrowError(
      /prompts of 5 tokens exceed the 4 learned positions\n.*encodeFixed\(text, 4\)/,
    );
    const floats = tf.tensor2d([[1, 2]]);
    expect(() => prefix.forward(floats)).toThrowError(/int32/);
    const flat = tf.tensor1d([1, 2], 'int32');
    expect(() => prefix.forward(flat as unknown as tf.Tensor2D)).toThrowError(
      /ids must be \[N, L\], got \[2\]/,
    );
    tf.dispose([long, floats, flat]);
    prefix.dispose();
  });
});
