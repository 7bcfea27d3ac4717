/**
 * Conversions between TensorFlow.js tensors and core's `HostArray` (what checkpoints and codec files hold).
 */
import type { HostArray } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { AutoencoderShapeError } from '../errors.js';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';

/** Copies a float32 or int32 tensor to a `HostArray`. */
export function toHostArray(t: tf.Tensor): HostArray {
  if (t.dtype === 'float32')
    return { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
  if (t.dtype === 'int32')
    return { dtype: 'int32', shape: [...t.shape], data: Int32Array.from(t.dataSync() as Int32Array) };
  throw new AutoencoderShapeError(
    'toHostArray',
    `cannot store a ${t.dtype} tensor`,
    'cast it to float32 or int32',
  );
}

/** Copies named tensors to host arrays. */
export function toHostArrays(
  tensors: Map<string, tf.Tensor> | Record<string, tf.Tensor>,
): Record<string, HostArray> {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  return Object.fromEntries(entries.map(([k, t]) => [k, toHostArray(t)]));
}

/** Float32 host arrays rounded to float16 (other dtypes unchanged): half the bytes on disk. */
export function toFloat16HostArrays(arrays: Record<string, HostArray>): Record<string, HostArray> {
  return Object.fromEntries(
    Object.entries(arrays).map(([k, a]) => [
      k,
      a.dtype === 'float32'
        ? { dtype: 'float16', shape: a.shape, data: float32ToFloat16(a.data as Float32Array) }
        : a,
    ]),
  );
}

/** Host arrays (float32 / float64 / float16 / int32) to new tensors; the caller disposes them. */
export function fromHostArrays(
  arrays: Record<string, HostArray>,
  source = 'host arrays',
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, a] of Object.entries(arrays)) {
    if (a.dtype === 'float16')
      out.set(name, tf.tensor(float16ToFloat32(a.data as Uint16Array), a.shape, 'float32'));
    else if (a.dtype === 'float32' || a.dtype === 'float64')
      out.set(name, tf.tensor(Float32Array.from(a.data as Float32Array), a.shape, 'float32'));
    else if (a.dtype === 'int32') out.set(name, tf.tensor(a.data as Int32Array, a.shape, 'int32'));
    else {
      tf.dispose([...out.values()]);
      throw new AutoencoderShapeError(
        source,
        `tensor '${name}' has dtype ${a.dtype}`,
        'store float32, float16 or int32 tensors',
      );
    }
  }
  return out;
}
