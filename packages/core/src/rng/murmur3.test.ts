import { describe, expect, it } from 'vitest';
import { fmix32, murmur3x86 } from './murmur3.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('murmur3x86', () => {
  // Published MurmurHash3_x86_32 test vectors (SMHasher's verification values, widely reproduced).
  it.each([
    [bytes(), 0, 0],
    [bytes(), 1, 0x514e28b7],
    [bytes(), 0xffffffff, 0x81f16f39],
    [bytes(0xff, 0xff, 0xff, 0xff), 0, 0x76293b50],
    [bytes(0x21, 0x43, 0x65, 0x87), 0, 0xf55b516b],
    [bytes(0x21, 0x43, 0x65, 0x87), 0x5082edee, 0x2362f9de],
    [bytes(0x21, 0x43, 0x65), 0, 0x7e4a8634],
    [new TextEncoder().encode('Hello world'), 0, 2911983372],
  ])('hash of %o under seed %d is the published value', (input, seed, expected) => {
    expect(murmur3x86(input, seed)).toBe(expected);
  });
});

describe('fmix32', () => {
  // The hash of no bytes is fmix32(seed), so the empty-input vectors above pin the finaliser alone.
  it('is the finaliser of the published empty-input hashes', () => {
    expect([fmix32(0), fmix32(1), fmix32(0xffffffff)]).toEqual([0, 0x514e28b7, 0x81f16f39]);
  });

  it('is a bijection on a sample of 16-bit inputs (no two collide)', () => {
    const seen = new Set<number>();
    for (let x = 0; x < 1 << 16; x++) seen.add(fmix32(x * 65537));
    expect(seen.size).toBe(1 << 16);
  });
});
