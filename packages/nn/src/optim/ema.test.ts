import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decayFromHalfLife, Ema } from './ema.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('Ema', () => {
  it('averages θ̄ ← βθ̄ + (1 − β)θ (hand case)', () => {
    const w = tf.variable(tf.tensor1d([0]));
    const ema = new Ema(new Map([['w', w]]), { decay: 0.5 });
    w.assign(tf.tensor1d([4]));
    ema.update(); // 0.5·0 + 0.5·4 = 2
    w.assign(tf.tensor1d([8]));
    ema.update(); // 0.5·2 + 0.5·8 = 5
    expect(ema.shadow().get('w')!.dataSync()[0]).toBeCloseTo(5, 6);
    expect(ema.updates).toBe(2);
  });

  it('takes a per-call β for one update, then returns to its own (hand case)', () => {
    const w = tf.variable(tf.tensor1d([2]));
    const ema = new Ema(new Map([['w', w]]), { decay: 0.9 });
    w.assign(tf.tensor1d([10]));
    ema.update(0.25); // 0.25·2 + 0.75·10 = 8
    expect(ema.shadow().get('w')!.dataSync()[0]).toBeCloseTo(8, 6);
    w.assign(tf.tensor1d([0]));
    ema.update(); // 0.9·8 + 0.1·0 = 7.2
    expect(ema.shadow().get('w')!.dataSync()[0]).toBeCloseTo(7.2, 5);
    expect(ema.updates).toBe(2);
    expect(() => ema.update(1)).toThrow(/Ema.update[\s\S]*'decay' = 1/);
    expect(ema.shadow().get('w')!.dataSync()[0]).toBeCloseTo(7.2, 5); // unchanged by the refused call
  });

  it('turns a half-life into β = 0.5^(1/h): a constant signal’s old weight halves every h steps', () => {
    expect(decayFromHalfLife(1)).toBe(0.5);
    const h = 10;
    const w = tf.variable(tf.tensor1d([1]));
    const ema = new Ema(new Map([['w', w]]), { halfLife: h });
    w.assign(tf.tensor1d([0]));
    for (let i = 0; i < h; i++) ema.update();
    expect(ema.shadow().get('w')!.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(() => new Ema(new Map(), { decay: 0.9, halfLife: 3 })).toThrow(/exactly one of/);
    expect(() => new Ema(new Map(), { halfLife: 0 })).toThrow(/'halfLife' = 0/);
  });

  it('copies the average into a model and round-trips its state', () => {
    const w = tf.variable(tf.tensor1d([2, 4]));
    const ema = new Ema(new Map([['w', w]]), { decay: 0.9 });
    w.assign(tf.tensor1d([12, 14]));
    ema.update(); // [3, 5]
    const target = tf.variable(tf.zeros([2]));
    ema.copyTo(new Map([['w', target]]));
    expect(Array.from(target.dataSync()).map((v) => +v.toFixed(5))).toEqual([3, 5]);
    const restored = new Ema(new Map([['w', w]]), { decay: 0.9 });
    restored.loadState(ema.exportState());
    expect(Array.from(restored.shadow().get('w')!.dataSync()).map((v) => +v.toFixed(5))).toEqual([3, 5]);
    expect(() => restored.loadState({ w: tf.zeros([3]) })).toThrow(/'w' is \[3\], expected \[2\]/);
    expect(() => ema.copyTo(new Map())).toThrow(/EMA weight 'w' has no parameter in the target/);
  });
});
