/**
 * A seeded, splittable random source. Implemented by `Rng` in this package; contracts take the interface
 * so tests can pass a scripted source.
 *
 * Splitting derives an independent stream from a key, so adding a consumer never shifts another's draws:
 * `rng.split('dropout')` gives the same stream whatever else was drawn from `rng` before.
 */
export interface RandomSource {
  /** Uniform float in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent child stream named by `key` (deterministic in the parent's seed and the key). */
  split(key: string | number): RandomSource;
  /** A 31-bit integer seed for a TensorFlow.js random op (`tf.randomNormal(shape, 0, 1, 'float32', seed)`). */
  tfSeed(): number;
  /** Serialisable state; `restore` continues the stream exactly. */
  state(): RandomState;
}

/** Serialised state of a random source. */
export interface RandomState {
  algorithm: string;
  seed: string;
  words: number[];
}
