import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { ALL_COUNT_OPTIONS, DEFAULT_COUNT_OPTIONS, resolveCountOptions } from './count-options.js';

describe('count options', () => {
  it('exclude every non-matmul family by default', () => {
    expect(DEFAULT_COUNT_OPTIONS).toEqual({
      softmax: false,
      norms: false,
      activations: false,
      elementwise: false,
    });
    expect(Object.values(ALL_COUNT_OPTIONS).every(Boolean)).toBe(true);
  });

  it('fill defaults around the fields given', () => {
    expect(resolveCountOptions({ softmax: true })).toEqual({ ...DEFAULT_COUNT_OPTIONS, softmax: true });
  });

  it('name a misspelt field', () => {
    const bad = { softmaxx: true } as unknown as Parameters<typeof resolveCountOptions>[0];
    expect(() => resolveCountOptions(bad, 'flops.json')).toThrow(ConfigError);
    expect(() => resolveCountOptions(bad, 'flops.json')).toThrow(/flops\.json[\s\S]*softmaxx/);
  });
});
