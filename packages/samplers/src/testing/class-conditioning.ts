/**
 * Conditioning for the test doubles: each prompt is one of a fixed list of classes. Row ids are [N, 1]
 * int32 holding class index + 1; the null prompt is id 0.
 */
import { type Conditioning, FlopmatchError } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/** Conditioning of `prompts`, each of which must appear in `classes`. */
export function classConditioning(prompts: string[], classes: readonly string[]): Conditioning {
  const ids = prompts.map((prompt) => {
    const index = classes.indexOf(prompt);
    if (index < 0) {
      throw new FlopmatchError(
        'E_TEST_DOUBLE',
        `test double: prompt '${prompt}' is not one of its classes`,
        `use one of ${classes.map((c) => `'${c}'`).join(', ')}`,
      );
    }
    return index + 1;
  });
  return { ids: tf.tensor2d(ids, [prompts.length, 1], 'int32'), isNull: prompts.map(() => false) };
}

/** `n` null rows (id 0). */
export function nullConditioning(n: number): Conditioning {
  return { ids: tf.zeros([n, 1], 'int32'), isNull: Array.from({ length: n }, () => true) };
}

/** Deterministic pseudo-random table in [−scale, scale) from an integer seed (a sine hash, no RNG state). */
export function hashTable(size: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const x = Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453;
    out[i] = (x - Math.floor(x) - 0.5) * 2 * scale;
  }
  return out;
}

/**
 * A value built on first use: the doubles create their constant tensors lazily, so they can be constructed
 * before `initRuntime` has picked a backend. Builders must `tf.keep` their tensors (first use may be inside a
 * `tf.tidy`).
 */
export function lazy<T>(build: () => T): { get(): T; dispose(dispose: (value: T) => void): void } {
  let value: T | undefined;
  return {
    get: () => {
      if (value === undefined) value = build();
      return value;
    },
    dispose: (dispose) => {
      if (value !== undefined) dispose(value);
      value = undefined;
    },
  };
}
