import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertComparable,
  createFeatureSet,
  hashExtractorWeights,
  UNVERIFIED_EXTRACTOR,
} from './feature-set.js';

describe('createFeatureSet', () => {
  it('wraps valid features and defaults the hash to unverified', () => {
    const s = createFeatureSet({ data: new Float32Array(6), n: 3, dim: 2 });
    expect(s).toMatchObject({ n: 3, dim: 2, extractorHash: UNVERIFIED_EXTRACTOR });
    expect(s.extractor).toBeUndefined();
  });

  it('rejects a wrong length and non-finite values, naming the row and column', () => {
    expect(() => createFeatureSet({ data: new Float32Array(5), n: 3, dim: 2 })).toThrow(
      /5 values but n·dim = 3·2 = 6/,
    );
    expect(() => createFeatureSet({ data: Float64Array.from([0, 1, 2, Number.NaN]), n: 2, dim: 2 })).toThrow(
      /row 1, column 1 is NaN/,
    );
    expect(() => createFeatureSet({ data: new Float32Array(0), n: 0, dim: 0 })).toThrow(/dim ≥ 1/);
  });

  it('assertComparable names the metric, the problem and the fix', () => {
    const a = createFeatureSet({ data: new Float32Array(4), n: 2, dim: 2, extractorHash: 'h1' });
    const b = createFeatureSet({ data: new Float32Array(4), n: 2, dim: 2, extractorHash: 'h2' });
    expect(() => assertComparable('FD', a, b, 2)).toThrow(
      /FD: the feature sets come from different extractors[\s\S]*fix: extract both/,
    );
    expect(() => assertComparable('FD', a, a, 3)).toThrow(
      /FD: the real set has 2 samples; at least 3 are needed/,
    );
  });
});

describe('hashExtractorWeights', () => {
  const w = (values: number[]) => ({
    dtype: 'float32' as const,
    shape: [values.length],
    data: Float32Array.from(values),
  });

  it('is sha256 over a canonical serialisation (recomputed independently here)', () => {
    const data = Float32Array.from([1, 2]);
    const h = createHash('sha256');
    h.update('flopmatch-extractor\0net\u00003\0');
    h.update('a\0float32\0[2]\x008\0');
    h.update(new Uint8Array(data.buffer));
    expect(hashExtractorWeights('net', 3, { a: w([1, 2]) })).toBe(`sha256:${h.digest('hex')}`);
  });

  it('ignores key order but changes with any weight bit, the version or the name', () => {
    const base = hashExtractorWeights('net', 1, { a: w([1, 2]), b: w([3]) });
    expect(hashExtractorWeights('net', 1, { b: w([3]), a: w([1, 2]) })).toBe(base);
    const nudged = Float32Array.from([1, 2]);
    new Uint32Array(nudged.buffer)[1]! ^= 1; // flip the lowest mantissa bit of 2
    expect(
      hashExtractorWeights('net', 1, { a: { dtype: 'float32', shape: [2], data: nudged }, b: w([3]) }),
    ).not.toBe(base);
    expect(hashExtractorWeights('net', 2, { a: w([1, 2]), b: w([3]) })).not.toBe(base);
    expect(hashExtractorWeights('other', 1, { a: w([1, 2]), b: w([3]) })).not.toBe(base);
    expect(
      hashExtractorWeights('net', 1, {
        a: { dtype: 'float32', shape: [1, 2], data: Float32Array.from([1, 2]) },
        b: w([3]),
      }),
    ).not.toBe(base);
  });
});
