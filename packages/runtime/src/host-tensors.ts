/**
 * Copies between live TensorFlow.js tensors and core's `HostArray` (what safetensors files, checkpoints and
 * codec files hold). Tensors compute in float32 and int32: those are stored as they are; float64 and float16
 * host arrays are widened or narrowed to float32 tensors on the way back.
 */
import { FlopmatchError, type HostArray } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { float16ToFloat32 } from './float16.js';

/** A tensor or host array whose dtype cannot cross between host and tensor. */
export class HostArrayError extends FlopmatchError {
  constructor(message: string, fix: string) {
    super('E_HOST_ARRAY', message, fix);
  }
}

/**
 * A fresh copy of a float32 or int32 tensor as a `HostArray`; the copy stays valid after the tensor changes
 * or is disposed.
 *
 * @example
 * toHostArray(tf.tensor1d([7, -3], 'int32')); // { dtype: 'int32', shape: [2], data: Int32Array [7, -3] }
 */
export function toHostArray(tensor: tf.Tensor): HostArray {
  if (tensor.dtype === 'float32')
    return { dtype: 'float32', shape: [...tensor.shape], data: Float32Array.from(tensor.dataSync()) };
  if (tensor.dtype === 'int32')
    return { dtype: 'int32', shape: [...tensor.shape], data: Int32Array.from(tensor.dataSync()) };
  throw new HostArrayError(`cannot store a ${tensor.dtype} tensor`, 'cast it to float32 or int32');
}

/**
 * `toHostArray` over a map or record of tensors, keeping the names.
 *
 * @example
 * toHostArrays(model.namedVariables()); // { 'blocks.0.weight': HostArray, … }
 */
export function toHostArrays(
  tensors: Map<string, tf.Tensor> | Record<string, tf.Tensor>,
): Record<string, HostArray> {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  return Object.fromEntries(entries.map(([name, t]) => [name, toHostArray(t)]));
}

/**
 * A new tensor (the caller disposes it) holding a copy of `array`'s values: float32 / float64 / float16 →
 * float32, int32 → int32. `where` names the array in errors (e.g. `model.safetensors: 'w'`).
 *
 * @example
 * fromHostArray({ dtype: 'float16', shape: [1], data: Uint16Array.of(0x3c00) }, 'w'); // float32 [1]
 */
export function fromHostArray(array: HostArray, where: string): tf.Tensor {
  const { dtype, shape, data } = array;
  if (dtype === 'float16') return tf.tensor(float16ToFloat32(data as Uint16Array), shape, 'float32');
  if (dtype === 'float32' || dtype === 'float64')
    return tf.tensor(Float32Array.from(data as Float32Array | Float64Array), shape, 'float32');
  if (dtype === 'int32') return tf.tensor(Int32Array.from(data as Int32Array), shape, 'int32');
  throw new HostArrayError(`${where} has dtype ${dtype}`, 'store float32, float16 or int32 tensors');
}

/**
 * `fromHostArray` over named arrays → new tensors the caller disposes; on a bad entry, those made so far are
 * disposed and the error names `source` and the entry.
 *
 * @example
 * const tensors = fromHostArrays(file.tensors, 'codecs/demo-vq/model.safetensors');
 */
export function fromHostArrays(
  arrays: Record<string, HostArray>,
  source = 'host arrays',
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  try {
    for (const [name, a] of Object.entries(arrays))
      out.set(name, fromHostArray(a, `${source}: tensor '${name}'`));
  } catch (error) {
    tf.dispose([...out.values()]);
    throw error;
  }
  return out;
}
