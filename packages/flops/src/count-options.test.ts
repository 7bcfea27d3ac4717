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
      embedding: 'gather',
    });
    expect(ALL_COUNT_OPTIONS).toEqual({
      softmax: true,
      norms: true,
      activations: true,
      elementwise: true,
      embedding: 'gather',
    });
  });

  it('fill defaults around the fields given', () => {
    expect(resolveCountOptions({ softmax: true })).toEqual({ ...DEFAULT_COUNT_OPTIONS, softmax: true });
  });

  it('refuse an unknown embedding implementation, naming the field', () => {
    const bad = { embedding: 'lookup' } as unknown as Parameters<typeof resolveCountOptions>[0];
    expect(() => resolveCountOptions(bad, 'flops.json')).toThrow(/embedding[\s\S]*gather[\s\S]*one-hot/);
  });

  it('name a misspelt field', () => {
    const bad = { softmaxx: true } as unknown as Parameters<typeof resolveCountOptions>[0];
    expect(() => resolveCountOptions(bad, 'flops.json')).toThrow(ConfigError);
    expect(() => resolveCountOptions(bad, 'flops.json')).toThrow(/flops\.json[\s\S]*softmaxx/);
  });
});
