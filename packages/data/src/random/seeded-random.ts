/**
 * A small seeded, splittable random source (sfc32 seeded through a 32-bit string hash). It implements
 * core's `RandomSource` so every dataset and the loader can take either this or core's `Rng`; it exists
 * because this package must not wait for core's `Rng`, and it is what `seed` fields in configs use.
 *
 * Splitting hashes the parent's seed string with the key, so `split(k)` never depends on how much was
 * drawn from the parent (the contract's promise).
 */
import type { RandomSource, RandomState } from '@flopmatch/core';

/** 32-bit FNV-1a followed by a murmur3-style finaliser: a well-mixed hash of a string. */
export function hashString32(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's fmix32: a bijection on 32-bit integers with good avalanche. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const ALGORITHM = 'sfc32';

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 128 bits of state.
 *
 * @example
 * const rng = new SeededRandom(7);
 * const sampleRng = rng.split('shapes').split(42); // same stream whatever else was drawn
 * sampleRng.int(9); // a cell index
 */
export class SeededRandom implements RandomSource {
  /** The seed string this stream was derived from (`"7"`, `"7/shapes/42"`). */
  readonly seed: string;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed`: an integer or a string; streams with different seeds are independent. */
  constructor(seed: number | string, words?: readonly number[]) {
    this.seed = String(seed);
    if (words) {
      [this.a, this.b, this.c, this.d] = [words[0]! >>> 0, words[1]! >>> 0, words[2]! >>> 0, words[3]! >>> 0];
      return;
    }
    this.a = hashString32(this.seed, 1);
    this.b = hashString32(this.seed, 2);
    this.c = hashString32(this.seed, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next32(); // warm up: decorrelate nearby seeds
  }

  /** Rebuilds a stream from `state()`; it continues exactly where the saved one was. */
  static fromState(state: RandomState): SeededRandom {
    if (state.algorithm !== ALGORITHM || state.words.length !== 4) {
      throw new Error(
        `cannot restore a '${state.algorithm}' state with ${state.words.length} words as sfc32`,
      );
    }
    return new SeededRandom(state.seed, state.words);
  }

  /** The next raw 32-bit unsigned integer. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  uniform(): number {
    // 53 random bits → a double in [0, 1).
    const hi = this.next32() >>> 5;
    const lo = this.next32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  normal(): number {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer n, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  split(key: string | number): SeededRandom {
    return new SeededRandom(`${this.seed}/${key}`);
  }

  tfSeed(): number {
    return this.next32() >>> 1;
  }

  state(): RandomState {
    return {
      algorithm: ALGORITHM,
      seed: this.seed,
      words: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0],
    };
  }
}

/** A `RandomSource` from a seed, or the source itself when one is given. */
export function toRandomSource(seedOrSource: number | string | RandomSource): RandomSource {
  return typeof seedOrSource === 'object' ? seedOrSource : new SeededRandom(seedOrSource);
}
