/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, SMHasher, public domain). Used only to turn seed strings
 * into generator state; it is fast, well mixed and has published test vectors.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** 32-bit left rotation. */
function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/**
 * MurmurHash3's 32-bit finalisation mix: a bijection on 32-bit integers that makes every input bit affect
 * every output bit (full avalanche). Also a cheap keyed round function (data's Feistel shuffle uses it).
 *
 * @example
 * fmix32(1); // 0x514e28b7 (MurmurHash3_x86_32 of no bytes with seed 1)
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3_x86_32 of `bytes` with `seed`, as an unsigned 32-bit integer.
 *
 * @example
 * murmur3x86(new TextEncoder().encode('Hello world'), 0); // 2911983372
 */
export function murmur3x86(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  const blocks = bytes.length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
    k = Math.imul(rotl32(Math.imul(k, C1), 15), C2);
    h ^= k;
    h = (Math.imul(rotl32(h, 13), 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= bytes[tail + 2]! << 16;
    if (rest >= 2) k ^= bytes[tail + 1]! << 8;
    k ^= bytes[tail]!;
    h ^= Math.imul(rotl32(Math.imul(k, C1), 15), C2);
  }
  h ^= bytes.length;
  return fmix32(h);
}
