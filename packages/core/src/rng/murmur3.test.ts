import { describe, expect, it } from 'vitest';
import { murmur3x86 } from './murmur3.js';

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
