/**
 * A small seeded `RandomSource` for this package's tests (a local test double: layer tests must not depend
 * on how `@flopmatch/core`'s `Rng` draws). Mulberry32 stream; `split` hashes the key into a new seed.
 */
import type { RandomSource, RandomState } from '@flopmatch/core';

function hash(seed: number, key: string): number {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A deterministic random source from `seed`. */
export function testRandom(seed = 1): RandomSource {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const source: RandomSource = {
    uniform: next,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    int: (n) => Math.floor(next() * n),
    split: (key) => testRandom(hash(seed, String(key))),
    tfSeed: () => Math.floor(next() * 2 ** 31),
    state: (): RandomState => ({ algorithm: 'mulberry32-test', seed: String(seed), words: [s] }),
  };
  return source;
}
