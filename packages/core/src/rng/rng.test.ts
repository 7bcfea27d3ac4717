import { describe, expect, it } from 'vitest';
import { Rng, seedWords } from './rng.js';

// ---- An independent reference, written a second way: BigInt arithmetic, byte-at-a-time tail. ----
const M = 0xffffffffn;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (32n - r))) & M;
function murmurRef(b: Uint8Array, seed: bigint): bigint {
  let h = seed;
  const n = b.length - (b.length % 4);
  for (let i = 0; i < n; i += 4) {
    let k = 0n;
    for (let j = 3; j >= 0; j--) k = (k << 8n) | BigInt(b[i + j]!);
    k = (rotl((k * 0xcc9e2d51n) & M, 15n) * 0x1b873593n) & M;
    h = (rotl(h ^ k, 13n) * 5n + 0xe6546b64n) & M;
  }
  if (n < b.length) {
    let k = 0n;
    for (let j = b.length - 1; j >= n; j--) k = (k << 8n) | BigInt(b[j]!);
    h ^= (rotl((k * 0xcc9e2d51n) & M, 15n) * 0x1b873593n) & M;
  }
  h ^= BigInt(b.length);
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) & M;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) & M;
  return h ^ (h >> 16n);
}
function xoshiroRef(seed: string, count: number): number[] {
  const s = [0x243f6a88n, 0x85a308d3n, 0x13198a2en, 0x03707344n].map((l) =>
    murmurRef(new TextEncoder().encode(seed), l),
  );
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const [s0, s1, s2, s3] = s as [bigint, bigint, bigint, bigint];
    out.push(Number((rotl((s1 * 5n) & M, 7n) * 9n) & M));
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[0] = s0 ^ n3;
    s[1] = s1 ^ n2;
    s[2] = n2 ^ ((s1 << 9n) & M);
    s[3] = rotl(n3, 11n);
  }
  return out;
}

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.uniform());

describe('Rng golden sequence', () => {
  // Computed independently (Python reference, then the BigInt reference below).
  const STATE = [1577805733, 3005657212, 1274888722, 3284025390];
  const OUTPUT = [
    3867338807, 1428838569, 3425023962, 635379028, 3291850290, 3927438521, 3060081281, 3295693714,
  ];

  it('seeds and steps exactly as the reference algorithm', () => {
    expect(Array.from(seedWords('flopmatch'))).toEqual(STATE);
    const rng = new Rng('flopmatch');
    expect(rng.state().words).toEqual(STATE);
    expect(Array.from({ length: 8 }, () => rng.uint32())).toEqual(OUTPUT);
    expect(xoshiroRef('flopmatch', 8)).toEqual(OUTPUT);
  });

  it('matches the BigInt reference for other seeds, including non-ASCII ones', () => {
    for (const seed of ['0', 'run/α', 'a-much-longer-seed-string-with-tail']) {
      const rng = new Rng(seed);
      expect(Array.from({ length: 64 }, () => rng.uint32())).toEqual(xoshiroRef(seed, 64));
    }
  });

  it('builds a 53-bit uniform from two outputs and splits by seed path', () => {
    expect(new Rng('flopmatch').split('data').uniform()).toBe(0.7811794435429841);
    const [a, b] = xoshiroRef('flopmatch/data', 2) as [number, number];
    expect(new Rng('flopmatch').split('data').uniform()).toBe(((a >>> 5) * 2 ** 26 + (b >>> 6)) / 2 ** 53);
  });
});

describe('Rng streams', () => {
  it('is reproducible, and integer seeds equal their string form', () => {
    expect(draw(new Rng(7), 20)).toEqual(draw(new Rng(7), 20));
    expect(draw(new Rng(7), 20)).toEqual(draw(new Rng('7'), 20));
    expect(draw(new Rng(7), 20)).not.toEqual(draw(new Rng(8), 20));
    expect(() => new Rng(0.5)).toThrow(/seed 0.5 is not a safe integer/);
  });

  it('splits independently of the parent position', () => {
    const fresh = new Rng(1);
    const used = new Rng(1);
    draw(used, 1000);
    expect(draw(used.split('dropout'), 10)).toEqual(draw(fresh.split('dropout'), 10));
    expect(draw(fresh.split('dropout'), 10)).not.toEqual(draw(fresh.split('noise'), 10));
    expect(draw(fresh.split('dropout'), 10)).not.toEqual(draw(fresh, 10));
    expect(fresh.split(3).seed).toBe('1/3');
  });

  it('keeps key paths unambiguous', () => {
    const r = new Rng('s');
    expect(r.split('a/b').seed).not.toBe(r.split('a').split('b').seed);
    expect(draw(r.split('a/b'), 5)).not.toEqual(draw(r.split('a').split('b'), 5));
  });

  it('gives each consumer the same draws whatever the interleaving', () => {
    const run = (order: Array<'a' | 'b'>) => {
      const root = new Rng('order');
      const a = root.split('a');
      const b = root.split('b');
      const seen = { a: [] as number[], b: [] as number[] };
      for (const who of order) seen[who].push(who === 'a' ? a.normal() : b.int(1000));
      return seen;
    };
    const one = run(['a', 'a', 'a', 'b', 'b', 'b']);
    const two = run(['b', 'a', 'b', 'a', 'b', 'a']);
    expect(two).toEqual(one);
  });

  it('restores a saved state and continues the stream exactly', () => {
    const rng = new Rng('resume');
    draw(rng, 17);
    rng.normal();
    rng.int(13);
    const saved = JSON.parse(JSON.stringify(rng.state()));
    const expected = [draw(rng, 5), rng.normal(), rng.int(1e9), rng.tfSeed()];
    const back = Rng.restore(saved);
    expect(back.seed).toBe('resume');
    expect([draw(back, 5), back.normal(), back.int(1e9), back.tfSeed()]).toEqual(expected);
    expect(draw(back.split('k'), 3)).toEqual(draw(new Rng('resume').split('k'), 3));
  });

  it('refuses a malformed state with the reason', () => {
    const ok = new Rng(1).state();
    expect(() => Rng.restore({ ...ok, algorithm: 'pcg32' })).toThrow(/algorithm 'pcg32'.*\n.*xoshiro128\*\*/);
    expect(() => Rng.restore({ ...ok, words: [1, 2, 3] })).toThrow(/not four uint32/);
    expect(() => Rng.restore({ ...ok, words: [1, 2, 3, 2 ** 32] })).toThrow(/not four uint32/);
    expect(() => Rng.restore({ ...ok, words: [0, 0, 0, 0] })).toThrow(/all zero/);
  });

  it('gives TensorFlow.js seeds in [0, 2^31)', () => {
    const rng = new Rng(3);
    const seeds = Array.from({ length: 1000 }, () => rng.tfSeed());
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31)).toBe(true);
    expect(Math.max(...seeds)).toBeGreaterThan(2 ** 30); // uses the full 31 bits
  });
});

describe('Rng distributions', () => {
  const N = 200_000;

  it('uniform has mean 1/2 and variance 1/12', () => {
    const rng = new Rng('uniform');
    let sum = 0;
    let sq = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < N; i++) {
      const u = rng.uniform();
      sum += u;
      sq += u * u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    const mean = sum / N;
    const variance = sq / N - mean * mean;
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N)); // 5 standard errors
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N)); // Var(U²-ish) ≈ 1/180
  });

  it('normal has mean 0, variance 1, skewness 0 and kurtosis 3', () => {
    const rng = new Rng('normal');
    const m = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) {
      const z = rng.normal();
      m[0]! += z;
      m[1]! += z * z;
      m[2]! += z * z * z;
      m[3]! += z * z * z * z;
    }
    const [m1, m2, m3, m4] = m.map((x) => x / N) as [number, number, number, number];
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / N));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / N));
  });

  /** Pearson's chi-square statistic of `counts` against equal expected counts. */
  const chiSquare = (counts: number[]) => {
    const total = counts.reduce((a, b) => a + b, 0);
    const e = total / counts.length;
    return counts.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
  };

  it('int(6) is uniform (chi-square, 5 degrees of freedom)', () => {
    const rng = new Rng('dice');
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    expect(chiSquare(counts)).toBeLessThan(25.7); // p = 1e-4 critical value
  });

  it('int(n) has no modulo bias where plain x % n would be badly biased', () => {
    // With n = 3·2^30, x % n over uniform 32-bit x puts half the mass in the first third.
    for (const [n, third] of [
      [3 * 2 ** 30, 2 ** 30],
      [3 * 2 ** 50, 2 ** 50],
    ] as const) {
      const rng = new Rng(`bias-${n}`);
      const counts = [0, 0, 0];
      let max = 0;
      for (let i = 0; i < 30_000; i++) {
        const x = rng.int(n);
        max = Math.max(max, x);
        counts[Math.floor(x / third)]!++;
      }
      expect(max).toBeLessThan(n);
      expect(chiSquare(counts)).toBeLessThan(18.4); // 2 degrees of freedom, p = 1e-4
    }
  });

  it('int rejects sizes it cannot draw from', () => {
    const rng = new Rng(0);
    expect(rng.int(1)).toBe(0);
    expect(() => rng.int(0)).toThrow(/int\(n\) needs an integer n in \[1, 2\^53\], got 0/);
    expect(() => rng.int(2.5)).toThrow(/got 2.5/);
    expect(() => rng.int(2 ** 54)).toThrow(/2\^53/);
  });
});
