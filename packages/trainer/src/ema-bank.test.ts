import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmaBank, type EmaSpec, emaDecay } from './ema-bank.js';
import { toHostMap } from './host-tensors.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

const run = (halfLife: number, id = `r${halfLife}`): EmaSpec => ({ id, halfLife, relativeTo: 'run' });
const elapsed = (halfLife: number, id = `e${halfLife}`): EmaSpec => ({ id, halfLife, relativeTo: 'elapsed' });

describe('emaDecay', () => {
  it('is 0.5^(1/h) with h = f·T (run) or f·t (elapsed)', () => {
    expect(emaDecay(run(0.1), 1, 1000)).toBeCloseTo(0.5 ** (1 / 100), 15); // h = 100 steps
    expect(emaDecay(run(0.1), 999, 1000)).toBe(emaDecay(run(0.1), 1, 1000)); // fixed through the run
    expect(emaDecay(elapsed(0.05), 400, 1000)).toBeCloseTo(0.5 ** (1 / 20), 15); // h = 0.05 · 400
    expect(emaDecay(elapsed(0.05), 1, 1000)).toBeCloseTo(0.5 ** 20, 18); // the first update all but copies θ
  });

  it("explains why DiT's 0.9999 is wrong for short runs: its half-life is ln 0.5 / ln 0.9999 ≈ 6 931 steps", () => {
    const h = Math.log(0.5) / Math.log(0.9999);
    expect(h).toBeCloseTo(6931.1, 1);
    expect(emaDecay(run(1), 1, Math.round(h))).toBeCloseTo(0.9999, 8); // a whole 6 931-step run as half-life
  });

  it('elapsed decays match the power-function EMA (1 − 1/t)^(γ+1) with γ + 1 = ln 2 / f for large t', () => {
    const f = 0.1;
    const gamma1 = Math.LN2 / f;
    for (const t of [1000, 10_000]) {
      const power = (1 - 1 / t) ** gamma1;
      expect(Math.abs(emaDecay(elapsed(f), t, 1) - power)).toBeLessThan(gamma1 / t ** 2);
    }
  });
});

describe('EmaBank', () => {
  it('updates every EMA as θ̄ ← β·θ̄ + (1 − β)·θ, against a float64 hand computation', () => {
    const w = tf.variable(tf.tensor1d([0, 10]));
    const bank = new EmaBank(new Map([['w', w]]), [run(0.25), elapsed(0.5)]);
    const T = 8;
    const ref = { r: [0, 10], e: [0, 10] };
    const values = [
      [1, 2],
      [3, -4],
      [0.5, 0.25],
      [-1, 7],
    ];
    values.forEach((v, i) => {
      w.assign(tf.tensor1d(v));
      const t = i + 1;
      const betas = bank.update(t, T);
      const br = 0.5 ** (1 / (0.25 * T)); // h = 2 steps
      const be = 0.5 ** (1 / (0.5 * t));
      expect(betas).toEqual({ 'r0.25': br, 'e0.5': be });
      ref.r = ref.r.map((s, j) => br * s + (1 - br) * v[j]!);
      ref.e = ref.e.map((s, j) => be * s + (1 - be) * v[j]!);
    });
    const got = (id: string) => Array.from(bank.shadows(id).get('w')!.dataSync());
    got('r0.25').forEach((x, j) => {
      expect(x).toBeCloseTo(ref.r[j]!, 5);
    });
    got('e0.5').forEach((x, j) => {
      expect(x).toBeCloseTo(ref.e[j]!, 5);
    });
    expect(Array.from(w.dataSync())).toEqual([-1, 7]); // the weights themselves are untouched
  });

  it('halves the distance to a constant target every half-life', () => {
    const w = tf.variable(tf.zeros([1]));
    const bank = new EmaBank(new Map([['w', w]]), [run(0.1)]);
    w.assign(tf.ones([1]));
    for (let t = 1; t <= 30; t++) bank.update(t, 100); // h = 10 steps: 1 − 0.5³ after 30
    expect(bank.shadows('r0.1').get('w')!.dataSync()[0]).toBeCloseTo(1 - 0.5 ** 3, 5);
  });

  it('loads saved shadows and names what is missing', () => {
    const w = tf.variable(tf.zeros([2]));
    const bank = new EmaBank(new Map([['w', w]]), [run(0.1, 'ema-a'), run(0.2, 'ema-b')]);
    bank.loadState(
      { 'ema-a': toHostMap({ w: tf.tensor1d([1, 2]) }), 'ema-b': toHostMap({ w: tf.tensor1d([3, 4]) }) },
      'ckpt',
    );
    expect(Array.from(bank.shadows('ema-b').get('w')!.dataSync())).toEqual([3, 4]);
    expect(() => bank.loadState({ 'ema-a': toHostMap({ w: tf.tensor1d([1, 2]) }) }, 'runs/x/step-4')).toThrow(
      "runs/x/step-4 holds no weights for EMA 'ema-b'",
    );
    expect(() => bank.shadows('ema-c')).toThrow(/no EMA named 'ema-c'[\s\S]*use one of: ema-a, ema-b/);
    expect(() => new EmaBank(new Map([['w', w]]), [run(0.1, 'x'), run(0.2, 'x')])).toThrow(
      "two EMAs are named 'x'",
    );
  });
});
