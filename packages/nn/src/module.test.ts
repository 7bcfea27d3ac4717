import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateDictError } from './errors.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { Module, ModuleList } from './module.js';
import { testRandom } from './testing/test-random.js';

class Block extends Module {
  readonly norm: LayerNorm;
  readonly fc: Linear;
  constructor(seed: number) {
    super();
    this.norm = this.module('norm', new LayerNorm(4));
    this.fc = this.module('fc', new Linear(4, 3, { rng: testRandom(seed) }));
  }
}

class Net extends Module {
  readonly scale: tf.Variable;
  readonly blocks: ModuleList<Block>;
  constructor(seed = 1) {
    super();
    this.scale = this.param('scale', tf.ones([2]), { decay: false });
    this.blocks = this.module('blocks', new ModuleList([new Block(seed), new Block(seed + 1)]));
  }
}

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('Module', () => {
  it('names parameters by dotted path, parameters before children, in registration order', () => {
    const net = new Net();
    expect([...net.namedVariables().keys()]).toEqual([
      'scale',
      'blocks.0.norm.weight',
      'blocks.0.norm.bias',
      'blocks.0.fc.weight',
      'blocks.0.fc.bias',
      'blocks.1.norm.weight',
      'blocks.1.norm.bias',
      'blocks.1.fc.weight',
      'blocks.1.fc.bias',
    ]);
    net.dispose();
  });

  it('counts parameters by the formula', () => {
    const net = new Net();
    // scale 2 + 2 blocks × (LayerNorm 2·4 + Linear 4·3 + 3)
    expect(net.parameterCount()).toBe(2 + 2 * (2 * 4 + 4 * 3 + 3));
    net.dispose();
  });

  it('lists biases, norm parameters and no-decay params as excluded from weight decay', () => {
    const net = new Net();
    expect([...net.noDecayNames()].sort()).toEqual(
      [
        'scale',
        'blocks.0.norm.weight',
        'blocks.0.norm.bias',
        'blocks.0.fc.bias',
        'blocks.1.norm.weight',
        'blocks.1.norm.bias',
        'blocks.1.fc.bias',
      ].sort(),
    );
    net.dispose();
  });

  it('is reproducible from its seed and differs across seeds', () => {
    const [a, b, c] = [new Net(7), new Net(7), new Net(8)];
    const w = (n: Net) => Array.from(n.blocks.at(0).fc.weight.dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    for (const n of [a, b, c]) n.dispose();
  });

  it('round-trips a state dict into a fresh module', () => {
    const [src, dst] = [new Net(1), new Net(2)];
    const saved = Object.fromEntries(Object.entries(src.stateDict()).map(([k, v]) => [k, tf.clone(v)]));
    dst.loadStateDict(saved);
    for (const [name, v] of dst.namedVariables())
      expect(Array.from(v.dataSync()), name).toEqual(Array.from(saved[name]!.dataSync()));
    // The loaded values are copies: disposing the source keeps the destination intact.
    tf.dispose(Object.values(saved));
    src.dispose();
    expect(dst.blocks.at(1).fc.weight.dataSync().length).toBe(12);
    dst.dispose();
  });

  it('names every missing, unexpected and mis-shaped entry and changes nothing', () => {
    const net = new Net(1);
    const before = Array.from(net.scale.dataSync());
    const state: Record<string, tf.Tensor> = { ...net.stateDict() };
    delete state['blocks.1.fc.bias'];
    state['blocks.9.fc.weight'] = tf.zeros([4, 3]);
    state.scale = tf.zeros([3]);
    let error: unknown;
    try {
      net.loadStateDict(state);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    const e = error as StateDictError;
    expect(e.missing).toEqual(['blocks.1.fc.bias']);
    expect(e.unexpected).toEqual(['blocks.9.fc.weight']);
    expect(e.mismatched).toEqual(['scale [3] vs [2]']);
    expect(e.message).toMatch(/fix: build the module with the config/);
    expect(Array.from(net.scale.dataSync())).toEqual(before);
    // Non-strict loading ignores missing/unexpected names but never a shape mismatch.
    expect(() => net.loadStateDict(state, { strict: false })).toThrow(/shape mismatch 1: scale/);
    state.scale = tf.fill([2], 5);
    net.loadStateDict(state, { strict: false });
    expect(Array.from(net.scale.dataSync())).toEqual([5, 5]);
    net.dispose();
  });

  it('rejects duplicate and malformed names', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.param('w', tf.zeros([1]));
        this.param(name, tf.zeros([1]));
      }
    }
    expect(() => new Bad('w')).toThrow(/option 'name' = "w" is invalid[\s\S]*not already registered/);
    expect(() => new Bad('has space')).toThrow(/letters, digits and _/);
  });

  it('disposes every variable', () => {
    const before = tf.memory().numTensors;
    const net = new Net();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
