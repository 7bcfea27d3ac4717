/**
 * xoshiro128** — D. Blackman, S. Vigna, "Scrambled Linear Pseudorandom Number Generators",
 * ACM TOMS 47(4), 2021, arXiv:1805.01407, §4 (the `**` scrambler) and §10 (xoshiro128).
 *
 * A 128-bit state of four 32-bit words; period 2^128 − 1; every operation is a 32-bit integer operation,
 * so it is exact and fast in JavaScript (`Math.imul`, `>>>`). The all-zero state is forbidden.
 */

/** Advances `s` (four uint32 words, mutated in place) and returns the next output as an unsigned 32-bit integer. */
export function xoshiro128ssNext(s: Uint32Array): number {
  const s0 = s[0]!;
  const s1 = s[1]!;
  const s2 = s[2]!;
  const s3 = s[3]!;
  const x = Math.imul(s1, 5);
  const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0; // ** scrambler: rotl(s1·5, 7)·9
  const t = s1 << 9;
  let n2 = s2 ^ s0;
  let n3 = s3 ^ s1;
  const n1 = s1 ^ n2;
  const n0 = s0 ^ n3;
  n2 ^= t;
  n3 = (n3 << 11) | (n3 >>> 21);
  s[0] = n0;
  s[1] = n1;
  s[2] = n2;
  s[3] = n3;
  return result;
}
