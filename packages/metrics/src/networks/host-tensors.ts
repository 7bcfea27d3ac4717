/** Copies between live tensors and core's `HostArray` (what safetensors files and checkpoints hold). */
import type { HostArray } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';

/** A float32 or int32 tensor as a fresh `HostArray`. */
export function toHostArray(t: tf.Tensor): HostArray {
  if (t.dtype === 'float32')
    return { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
  if (t.dtype === 'int32')
    return { dtype: 'int32', shape: [...t.shape], data: Int32Array.from(t.dataSync() as Int32Array) };
  throw new MetricInputError(`cannot store a ${t.dtype} tensor`, 'cast it to float32 or int32');
}

/** Named tensors → host arrays. */
export function toHostArrays(
  tensors: Map<string, tf.Tensor> | Record<string, tf.Tensor>,
): Record<string, HostArray> {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  return Object.fromEntries(entries.map(([k, t]) => [k, toHostArray(t)]));
}

/** Host arrays (float32 / int32) → new tensors the caller disposes; `source` names the origin in errors. */
export function fromHostArrays(arrays: Record<string, HostArray>, source: string): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, a] of Object.entries(arrays)) {
    if (a.dtype === 'float32') out.set(name, tf.tensor(a.data as Float32Array, a.shape, 'float32'));
    else if (a.dtype === 'int32') out.set(name, tf.tensor(a.data as Int32Array, a.shape, 'int32'));
    else {
      tf.dispose([...out.values()]);
      throw new MetricInputError(
        `${source}: tensor '${name}' has dtype ${a.dtype}`,
        'store float32 or int32 tensors',
      );
    }
  }
  return out;
}
