/**
 * The seeded, splittable random source every flopmatch component draws from.
 *
 * Generator: xoshiro128** (Blackman & Vigna, arXiv:1805.01407, §10). Seeding: the seed string's UTF-8
 * bytes hashed by MurmurHash3_x86_32 under four fixed seeds give the four state words. Normal draws: the
 * Box–Muller transform (G. E. P. Box, M. E. Muller, "A Note on the Generation of Random Normal
 * Deviates", Ann. Math. Statist. 29(2), 1958, eq. (1)).
 *
 * Splitting: `split(key)` seeds a child from the *string* `${seed}/${encodeURIComponent(key)}`, never from
 * the parent's position, so a new consumer never shifts another consumer's draws, and a child's stream is
 * a pure function of (root seed, path of keys).
 */
import type { RandomSource, RandomState } from '../contracts/random.js';
import { FlopmatchError } from '../errors.js';
import { murmur3x86 } from './murmur3.js';
import { xoshiro128ssNext } from './xoshiro128.js';

/** Four fixed hash seeds (hex digits of π) that derive the four state words from one seed string. */
const LANE_SEEDS = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344] as const;
const ALGORITHM = 'xoshiro128**';
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** Derives the 128-bit xoshiro state for a seed string (never all zero). */
export function seedWords(seed: string): Uint32Array {
  const bytes = new TextEncoder().encode(seed);
  const words = Uint32Array.from(LANE_SEEDS, (lane) => murmur3x86(bytes, lane));
  if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1; // the all-zero state is a fixed point
  return words;
}

/**
 * Seeded, splittable RNG (`RandomSource`).
 *
 * @example
 * const rng = new Rng(42);
 * const noise = rng.split('noise');      // same stream whatever else draws from rng
 * const i = rng.int(10);                 // unbiased integer in [0, 10)
 * const saved = rng.state();             // JSON-serialisable
 * Rng.restore(saved).uniform() === rng.uniform(); // true
 */
export class Rng implements RandomSource {
  /** The generator's name as stored in `RandomState.algorithm`. */
  static readonly algorithm = ALGORITHM;
  /** The seed string this stream was derived from (a root seed or a `root/key/…` path). */
  readonly seed: string;
  readonly #s: Uint32Array;

  /**
   * @param seed A string, or an integer (stringified: `new Rng(42)` equals `new Rng('42')`).
   */
  constructor(seed: string | number) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new FlopmatchError('E_RNG', `seed ${seed} is not a safe integer`, 'pass an integer or a string');
    }
    this.seed = String(seed);
    this.#s = seedWords(this.seed);
  }

  /** Rebuilds a stream from `state()`; it continues exactly where the saved one was. */
  static restore(state: RandomState): Rng {
    const where = 'random state';
    if (state?.algorithm !== ALGORITHM) {
      throw new FlopmatchError(
        'E_RNG',
        `${where} has algorithm '${state?.algorithm}'`,
        `expected '${ALGORITHM}'`,
      );
    }
    const w = state.words;
    if (
      !Array.isArray(w) ||
      w.length !== 4 ||
      !w.every((x) => Number.isInteger(x) && x >= 0 && x < TWO_POW_32)
    ) {
      throw new FlopmatchError('E_RNG', `${where} words ${JSON.stringify(w)} are not four uint32 values`);
    }
    if (w.every((x) => x === 0))
      throw new FlopmatchError('E_RNG', `${where} is all zero (not a valid xoshiro state)`);
    if (typeof state.seed !== 'string') throw new FlopmatchError('E_RNG', `${where} has no seed string`);
    const rng = new Rng(state.seed);
    rng.#s.set(w);
    return rng;
  }

  /** Next raw output: a uniform unsigned 32-bit integer. */
  uint32(): number {
    return xoshiro128ssNext(this.#s);
  }

  /** Uniform float in [0, 1) with 53 random bits (two 32-bit outputs). */
  uniform(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Standard normal N(0, 1) by Box–Muller (uses two uniforms; the sine branch is discarded, so no hidden state). */
  normal(): number {
    const u1 = 1 - this.uniform(); // (0, 1]: log is finite
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2); // eq. (1)
  }

  /**
   * Uniform integer in [0, n) without modulo bias: draws above the largest multiple of n are rejected.
   * `n` must be an integer in [1, 2^53].
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_53) {
      throw new FlopmatchError('E_RNG', `int(n) needs an integer n in [1, 2^53], got ${n}`);
    }
    if (n <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n); // a multiple of n
      for (;;) {
        const x = this.uint32();
        if (x < limit) return x % n;
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    for (;;) {
      const x = (this.uint32() >>> 11) * TWO_POW_32 + this.uint32(); // 53 bits
      if (x < limit) return x % n;
    }
  }

  /** An independent child stream named by `key`, derived from this stream's seed (not its position). */
  split(key: string | number): Rng {
    return new Rng(`${this.seed}/${encodeURIComponent(String(key))}`);
  }

  /** A 31-bit non-negative integer seed for a TensorFlow.js random op; advances the stream by one draw. */
  tfSeed(): number {
    return this.uint32() >>> 1;
  }

  /** JSON-serialisable state; `Rng.restore(state)` continues the stream exactly. */
  state(): RandomState {
    return { algorithm: ALGORITHM, seed: this.seed, words: Array.from(this.#s) };
  }
}
