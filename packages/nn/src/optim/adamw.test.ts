import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

function params(values: Record<string, number[]>): Map<string, tf.Variable> {
  return new Map(Object.entries(values).map(([k, v]) => [k, tf.variable(tf.tensor1d(v))]));
}

/** AdamW in float64, written from Algorithm 2 of arXiv:1711.05101 (decay scaled by lr, as PyTorch). */
function adamw64(
  p: number[],
  grads: number[][],
  lrs: number[],
  o: { b1: number; b2: number; eps: number; wd: number },
): number[] {
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, step) => {
    const t = step + 1;
    const lr = lrs[step]!;
    for (let i = 0; i < p.length; i++) {
      m[i] = o.b1 * m[i]! + (1 - o.b1) * g[i]!;
      v[i] = o.b2 * v[i]! + (1 - o.b2) * g[i]! ** 2;
      const mh = m[i]! / (1 - o.b1 ** t);
      const vh = v[i]! / (1 - o.b2 ** t);
      p[i] = p[i]! - lr * o.wd * p[i]! - (lr * mh) / (Math.sqrt(vh) + o.eps);
    }
  });
  return p;
}

describe('AdamW', () => {
  it('takes the hand-computed first step: θ(1 − ηλ) − η·m̂/(√v̂ + ε) with m̂ = g, √v̂ = |g|', () => {
    const ps = params({ w: [1], b: [1] });
    const opt = new AdamW(ps, { lr: 0.1, weightDecay: 0.1, noDecay: ['b'] });
    opt.step(
      new Map([
        ['w', tf.tensor1d([0.5])],
        ['b', tf.tensor1d([0.5])],
      ]),
    );
    expect(ps.get('w')!.dataSync()[0]).toBeCloseTo(1 * (1 - 0.01) - 0.1, 6); // 0.89
    expect(ps.get('b')!.dataSync()[0]).toBeCloseTo(1 - 0.1, 6); // no decay: 0.9
    expect(opt.stepCount).toBe(1);
  });

  it('follows a float64 implementation over steps with a changing learning rate', () => {
    const o = { b1: 0.9, b2: 0.95, eps: 1e-8, wd: 0.1 };
    const start = [0.5, -1.2, 2];
    const grads = [
      [0.1, -0.2, 0.3],
      [0.05, 0.4, -0.1],
      [-0.3, 0.1, 0.2],
      [0.2, 0.2, 0.2],
      [0.01, -0.5, 0.7],
    ];
    const lrs = [0.01, 0.02, 0.03, 0.02, 0.01];
    const ps = params({ w: start });
    const opt = new AdamW(ps, { lr: 1, beta1: o.b1, beta2: o.b2, eps: o.eps, weightDecay: o.wd });
    grads.forEach((g, i) => {
      opt.step({ w: tf.tensor1d(g) }, lrs[i]);
    });
    const expected = adamw64([...start], grads, lrs, o);
    Array.from(ps.get('w')!.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 6);
    });
  });

  it('leaves parameters without a gradient unchanged', () => {
    const ps = params({ a: [1], b: [2] });
    new AdamW(ps, { lr: 0.1 }).step({ a: tf.tensor1d([1]) });
    expect(ps.get('b')!.dataSync()[0]).toBe(2);
    expect(ps.get('a')!.dataSync()[0]).not.toBe(1);
  });

  it('exports and restores its state so a resumed run continues exactly', () => {
    const grads = [
      [0.1, -0.3],
      [0.2, 0.1],
      [-0.4, 0.2],
      [0.3, 0.3],
      [0.1, -0.1],
    ];
    const a = params({ w: [1, 2] });
    const optA = new AdamW(a, { lr: 0.05 });
    grads.slice(0, 3).forEach((g) => {
      optA.step({ w: tf.tensor1d(g) });
    });
    const state = optA.exportState();
    expect(Object.keys(state).sort()).toEqual(['exp_avg.w', 'exp_avg_sq.w', 'step']);
    const b = params({ w: Array.from(a.get('w')!.dataSync()) });
    const optB = new AdamW(b, { lr: 0.05 });
    optB.loadState(Object.fromEntries(Object.entries(state).map(([k, v]) => [k, tf.clone(v)])));
    expect(optB.stepCount).toBe(3);
    grads.slice(3).forEach((g) => {
      optA.step({ w: tf.tensor1d(g) });
      optB.step({ w: tf.tensor1d(g) });
    });
    expect(Array.from(b.get('w')!.dataSync())).toEqual(Array.from(a.get('w')!.dataSync()));
  });

  it('names what is wrong: unknown gradient names, unknown no-decay names, a mismatched state', () => {
    const ps = params({ w: [1, 2] });
    expect(() => new AdamW(ps, { noDecay: ['bias'] })).toThrow(/'noDecay' = "bias"/);
    const opt = new AdamW(ps);
    expect(() => opt.step({ v: tf.tensor1d([1, 1]) })).toThrow(
      /'grads' = "v"[\s\S]*keyed by the names AdamW was built with/,
    );
    expect(() => opt.loadState({ step: tf.scalar(1), 'exp_avg.w': tf.zeros([3]) })).toThrow(
      /'exp_avg.w' is \[3\], expected \[2\]; 'exp_avg_sq.w' missing/,
    );
    expect(() => new AdamW(ps, { beta2: 1 })).toThrow(/beta2 = 1/);
  });
});
