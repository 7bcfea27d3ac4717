/**
 * Conversions between TensorFlow.js tensors and `HostArray`s (what checkpoints store), by name.
 */
import type { HostArray } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { TrainerError } from './errors.js';

/** Tensor dtypes a checkpoint of trainer state holds. */
type TfDtype = 'float32' | 'int32';

/**
 * A copy of `tensor`'s values as a `HostArray` (float32 → Float32Array, int32 → Int32Array). The copy stays
 * valid after the tensor changes or is disposed.
 */
export function toHostArray(tensor: tf.Tensor): HostArray {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
    throw new TrainerError(
      `cannot store a ${tensor.dtype} tensor in trainer state`,
      'keep trainable state in float32 or int32 tensors',
    );
  }
  const values = tensor.dataSync();
  const data = tensor.dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
  return { dtype: tensor.dtype, shape: [...tensor.shape], data };
}

/** A new tensor holding `array`'s values (float32 and int32 only, as `toHostArray` writes them). */
export function fromHostArray(array: HostArray, where: string): tf.Tensor {
  if (array.dtype !== 'float32' && array.dtype !== 'int32') {
    throw new TrainerError(
      `${where} is ${array.dtype}`,
      'trainer state holds float32 and int32 tensors only',
    );
  }
  return tf.tensor(array.data as Float32Array | Int32Array, array.shape, array.dtype as TfDtype);
}

/** `toHostArray` over a map or record of tensors, keeping the names. */
export function toHostMap(
  tensors: Map<string, tf.Tensor> | Record<string, tf.Tensor>,
): Record<string, HostArray> {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  return Object.fromEntries(entries.map(([name, t]) => [name, toHostArray(t)]));
}

/**
 * Assigns `values[name]` to every variable of `target`. Throws naming every missing or mis-shaped entry
 * (and `source`, e.g. the checkpoint file) before changing anything.
 */
export function assignHostMap(
  target: Map<string, tf.Variable>,
  values: Record<string, HostArray>,
  source: string,
): void {
  const problems: string[] = [];
  for (const [name, variable] of target) {
    const v = values[name];
    if (!v) problems.push(`'${name}' missing`);
    else if (v.shape.join() !== variable.shape.join())
      problems.push(`'${name}' is [${v.shape}], the model's is [${variable.shape}]`);
  }
  if (problems.length) {
    throw new TrainerError(
      `${source} does not match the model: ${problems.join('; ')}`,
      'load weights saved from the same objective and backbone config',
    );
  }
  for (const [name, variable] of target) {
    const t = fromHostArray(values[name]!, `${source}: '${name}'`);
    const cast = t.dtype === variable.dtype ? t : tf.cast(t, variable.dtype);
    variable.assign(cast);
    tf.dispose([t, cast]);
  }
}
