import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignHostMap, fromHostArray, toHostArray, toHostMap } from './host-tensors.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('host tensors', () => {
  it('round-trips float32 and int32 tensors, and the copy outlives the tensor', () => {
    const f = tf.tensor2d([1.5, -2, 3.25, 1e-7], [2, 2]);
    const i = tf.tensor1d([7, -3], 'int32');
    const hf = toHostArray(f);
    const hi = toHostArray(i);
    f.dispose();
    i.dispose();
    expect(hf).toEqual({ dtype: 'float32', shape: [2, 2], data: new Float32Array([1.5, -2, 3.25, 1e-7]) });
    expect(hi).toEqual({ dtype: 'int32', shape: [2], data: new Int32Array([7, -3]) });
    const back = fromHostArray(hf, 'x');
    expect(back.shape).toEqual([2, 2]);
    expect(Array.from(back.dataSync())).toEqual([1.5, -2, 3.25, Math.fround(1e-7)]);
    expect(() => toHostArray(tf.tensor1d([true], 'bool'))).toThrow(/cannot store a bool tensor/);
  });

  it('assigns by name, and names every missing or mis-shaped weight before changing anything', () => {
    const vars = new Map([
      ['a', tf.variable(tf.zeros([2]))],
      ['b', tf.variable(tf.zeros([1, 2]))],
    ]);
    const good = toHostMap({ a: tf.tensor1d([1, 2]), b: tf.tensor2d([[3, 4]]) });
    assignHostMap(vars, good, 'ckpt');
    expect(Array.from(vars.get('b')!.dataSync())).toEqual([3, 4]);
    const bad = toHostMap({ b: tf.tensor1d([9, 9, 9]) });
    expect(() => assignHostMap(vars, bad, 'runs/x/model.safetensors')).toThrow(
      "runs/x/model.safetensors does not match the model: 'a' missing; 'b' is [3], the model's is [1,2]",
    );
    expect(Array.from(vars.get('a')!.dataSync())).toEqual([1, 2]); // unchanged
  });
});
