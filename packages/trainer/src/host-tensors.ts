/**
 * Loads `HostArray`s (what checkpoints store) into variables by name. The tensor ↔ host conversions are
 * `@flopmatch/runtime`'s, re-exported here under their former names.
 */
import type { HostArray } from '@flopmatch/core';
import { fromHostArray } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { TrainerError } from './errors.js';

export {
  fromHostArray,
  toHostArray,
  /** `toHostArray` over a map or record of tensors, keeping the names (`toHostArrays` of `@flopmatch/runtime`). */
  toHostArrays as toHostMap,
} from '@flopmatch/runtime';

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
