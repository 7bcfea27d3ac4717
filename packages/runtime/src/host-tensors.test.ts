import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { float32ToFloat16 } from './float16.js';
import { fromHostArray, fromHostArrays, HostArrayError, toHostArray, toHostArrays } from './host-tensors.js';
import { initRuntime } from './init-runtime.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('host tensors', () => {
  it('round-trips float32 and int32 tensors by name, and the copies outlive the tensors', () => {
    const f = tf.tensor2d([1.5, -2, 3.25, 1e-7], [2, 2]);
    const i = tf.tensor1d([7, -3], 'int32');
    const host = toHostArrays(
      new Map<string, tf.Tensor>([
        ['f', f],
        ['i', i],
      ]),
    );
    tf.dispose([f, i]);
    expect(host.f).toEqual({
      dtype: 'float32',
      shape: [2, 2],
      data: new Float32Array([1.5, -2, 3.25, 1e-7]),
    });
    expect(host.i).toEqual({ dtype: 'int32', shape: [2], data: new Int32Array([7, -3]) });
    const back = fromHostArrays(host);
    expect(back.get('f')!.dtype).toBe('float32');
    expect(Array.from(back.get('f')!.dataSync())).toEqual([1.5, -2, 3.25, Math.fround(1e-7)]);
    expect(back.get('i')!.dtype).toBe('int32');
    expect(Array.from(back.get('i')!.dataSync())).toEqual([7, -3]);
    tf.dispose([...back.values()]);
  });

  it('copies the source array, so later writes to it do not change the tensor', () => {
    const data = new Float32Array([1, 2]);
    const t = fromHostArray({ dtype: 'float32', shape: [2], data }, 'x');
    data[0] = 99;
    expect(Array.from(t.dataSync())).toEqual([1, 2]);
  });

  it('reads float64 and float16 arrays as float32 tensors', () => {
    const d = fromHostArray({ dtype: 'float64', shape: [2], data: new Float64Array([0.1, -3]) }, 'd');
    expect(d.dtype).toBe('float32');
    expect(Array.from(d.dataSync())).toEqual([Math.fround(0.1), -3]);
    // 1 = 0x3c00, −2 = 0xc000, 0.333251953125 = 0x3555 (IEEE 754 binary16)
    const h = fromHostArray(
      { dtype: 'float16', shape: [3], data: Uint16Array.of(0x3c00, 0xc000, 0x3555) },
      'h',
    );
    expect(Array.from(h.dataSync())).toEqual([1, -2, 0.333251953125]);
    const r = fromHostArray({ dtype: 'float16', shape: [1], data: float32ToFloat16([0.5]) }, 'r');
    expect(Array.from(r.dataSync())).toEqual([0.5]);
  });

  it('refuses dtypes tensors cannot hold, naming the tensor and the fix, and leaks nothing', () => {
    expect(() => toHostArray(tf.tensor1d([true], 'bool'))).toThrow(
      /cannot store a bool tensor[\s\S]*cast it to float32 or int32/,
    );
    const before = tf.memory().numTensors;
    const arrays = {
      ok: { dtype: 'float32' as const, shape: [1], data: new Float32Array([1]) },
      bad: { dtype: 'uint8' as const, shape: [1], data: new Uint8Array([1]) },
    };
    expect(() => fromHostArrays(arrays, 'ckpt/model.safetensors')).toThrow(HostArrayError);
    expect(() => fromHostArrays(arrays, 'ckpt/model.safetensors')).toThrow(
      /ckpt\/model.safetensors: tensor 'bad' has dtype uint8[\s\S]*store float32, float16 or int32/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
